"""Lambda: the Invoke data plane (execution environments running awslambdaric
against our Runtime API), its platform logs, and corrections of moto's control plane."""
from __future__ import annotations

from localcloud.awslambda import moto_fixes
from localcloud.awslambda.invoke_api import handle_invoke, is_invoke
from localcloud.routing import Route

ROUTES = [Route("lambda/Invoke", is_invoke, handle_invoke), *moto_fixes.ROUTES]
