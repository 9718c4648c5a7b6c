"""AppConfig's data plane: configuration sessions and their tokens."""
from __future__ import annotations

from localcloud.appconfigdata.api import ROUTES

__all__ = ["ROUTES"]
