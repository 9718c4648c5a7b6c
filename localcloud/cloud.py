"""Shared state passed to route handlers (the routing contract's `Cloud`).
Minimal copy for the front doors; the restructure's version wins."""
from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from localcloud import functions
from localcloud.invoker import InvokeRequest, InvokeResult, Invoker


@dataclass
class Cloud:
    endpoint: str
    invoker: Invoker
    log_groups: dict[str, str] = field(default_factory=dict)

    def invoke_function(self, account: str, region: str, name_or_arn: str, payload: bytes,
                        trace_header: str | None = None) -> InvokeResult:
        """Run the function synchronously; raises functions.FunctionNotFound."""
        name, qualifier = _split_qualifier(name_or_arn)
        spec = functions.load(account, region, name, qualifier, self.log_groups)
        return self.invoker.invoke(InvokeRequest(spec=spec, request_id=str(uuid.uuid4()),
                                                 payload=payload, trace_header=trace_header))


def _split_qualifier(name_or_arn: str) -> tuple[str, str | None]:
    parts = name_or_arn.split(":")
    if name_or_arn.startswith("arn:") and len(parts) == 8:
        return ":".join(parts[:7]), parts[7]
    return name_or_arn, None
