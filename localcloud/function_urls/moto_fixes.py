"""moto 5.2 gives a Function URL without the trailing `/` that AWS's has
(`https://<id>.lambda-url.<region>.on.aws/`), so `f"{url}todos"` breaks."""
from __future__ import annotations

from typing import Any

from moto.awslambda.models import FunctionUrlConfig

_original_init = FunctionUrlConfig.__init__


def _init_with_slash(self: FunctionUrlConfig, *args: Any, **kwargs: Any) -> None:
    _original_init(self, *args, **kwargs)
    if not self.url.endswith("/"):
        self.url += "/"


def apply() -> None:
    FunctionUrlConfig.__init__ = _init_with_slash  # type: ignore[method-assign]
