"""Lambda's Invoke REST call (POST /2015-03-31/functions/<name>/invocations),
answered as AWS answers it: status codes, headers and error shapes."""
from __future__ import annotations

import base64
import json
import threading
import uuid
from collections.abc import Callable
from urllib.parse import parse_qs, unquote

from localcloud.functions import FunctionNotFound, FunctionSpec
from localcloud.invoker import InvokeRequest, Invoker
from localcloud.pool import Throttled

Response = tuple[int, dict[str, str], bytes]
PREFIX = "/2015-03-31/functions/"
MAX_PAYLOAD = 6 * 1024 * 1024  # synchronous request payload limit
SUFFIX = "/invocations"


def is_invoke(method: str, path: str) -> bool:
    return method == "POST" and path.startswith(PREFIX) and path.endswith(SUFFIX)


def _aws_error(status: int, code: str, message: str, request_id: str,
               **extra: str) -> Response:
    body = json.dumps({"Type": "User", "message": message, **extra}).encode()
    return status, {"Content-Type": "application/json", "x-amzn-ErrorType": code,
                    "x-amzn-RequestId": request_id}, body


def handle_invoke(invoker: Invoker, load: Callable[[str, str | None], FunctionSpec], path: str,
                  query: str, headers: dict[str, str], body: bytes) -> Response:
    """`load(name_or_arn, qualifier)` reads the function; `headers` keys are lower case."""
    request_id = str(uuid.uuid4())
    name = unquote(path[len(PREFIX):-len(SUFFIX)])
    qualifiers = parse_qs(query).get("Qualifier")
    qualifier = qualifiers[0] if qualifiers else None
    try:
        spec = load(name, qualifier)
    except FunctionNotFound as exc:
        return _aws_error(404, "ResourceNotFoundException", str(exc), request_id)
    invocation_type = headers.get("x-amz-invocation-type", "RequestResponse")
    base = {"x-amzn-RequestId": request_id, "X-Amz-Executed-Version": spec.version}
    if invocation_type == "DryRun":
        return 204, base, b""
    if body:
        try:
            json.loads(body)
        except ValueError:
            return _aws_error(400, "InvalidRequestContentException",
                              "Could not parse request body into json: Could not parse payload "
                              "into json", request_id)
    client_context = headers.get("x-amz-client-context")
    if client_context:
        client_context = base64.b64decode(client_context).decode()
    request = InvokeRequest(spec=spec, request_id=request_id, payload=body or b"{}",
                            client_context=client_context,
                            trace_header=headers.get("x-amzn-trace-id"),
                            want_tail=headers.get("x-amz-log-type") == "Tail")
    if invocation_type == "Event":
        threading.Thread(target=_invoke_async, args=(invoker, request), daemon=True).start()
        return 202, {"x-amzn-RequestId": request_id}, b""
    if invocation_type != "RequestResponse":
        return _aws_error(400, "InvalidParameterValueException",
                          f"Unsupported invocation type {invocation_type}", request_id)
    if len(request.payload) > MAX_PAYLOAD:
        return _aws_error(413, "RequestTooLargeException",
                          f"Request must be smaller than {MAX_PAYLOAD} bytes for the InvokeFunction operation",
                          request_id)
    try:
        result = invoker.invoke(request)
    except Throttled:
        return _aws_error(429, "TooManyRequestsException", "Rate Exceeded.", request_id,
                          Reason="ReservedFunctionConcurrentInvocationLimitExceeded")
    out = {**base, "Content-Type": "application/json"}
    if result.function_error:
        out["X-Amz-Function-Error"] = result.function_error
    if result.log_tail is not None:
        out["X-Amz-Log-Result"] = result.log_tail
    return 200, out, result.payload


def _invoke_async(invoker: Invoker, request: InvokeRequest) -> None:
    try:
        invoker.invoke(request)
    except Throttled:
        # Lambda would queue the event and retry for up to six hours; localcloud drops it.
        print(f"localcloud: event for {request.spec.name} dropped: reserved concurrency in use",
              flush=True)
