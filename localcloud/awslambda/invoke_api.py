"""Lambda's Invoke REST call (POST /2015-03-31/functions/<name>/invocations),
answered as AWS answers it: status codes, headers and error shapes."""
from __future__ import annotations

import base64
import binascii
import json
import threading
import uuid
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, unquote

from localcloud.awslambda.functions import FunctionNotFound
from localcloud.awslambda.invoker import InvokeRequest, Invoker
from localcloud.awslambda.pool import Throttled
from localcloud.awslambda.safezip import UnsafeArchive
from localcloud.routing import AwsError, Reply, Request

if TYPE_CHECKING:
    from localcloud.cloud import Cloud

PREFIX = "/2015-03-31/functions/"
MAX_PAYLOAD = 6 * 1024 * 1024  # synchronous request payload limit
SUFFIX = "/invocations"


def is_invoke(request: Request) -> bool:
    return request.method == "POST" and request.path.startswith(PREFIX) and request.path.endswith(SUFFIX)


def _user_error(status: int, code: str, message: str, **fields: str) -> AwsError:
    return AwsError(status, code, message, Type="User", **fields)


def _client_context(header: str | None) -> str | None:
    """The decoded X-Amz-Client-Context: Lambda accepts only base64 of a JSON object."""
    if not header:
        return None
    try:
        text = base64.b64decode(header, validate=True).decode()
        if isinstance(json.loads(text), dict):
            return text
    except (binascii.Error, UnicodeDecodeError, ValueError):
        pass
    raise _user_error(400, "InvalidRequestContentException",
                      "Client context must be a valid Base64-encoded JSON object.")


def _invoke_request(request: Request, cloud: Cloud, request_id: str) -> InvokeRequest:
    name = unquote(request.path[len(PREFIX):-len(SUFFIX)])
    qualifiers = parse_qs(request.query).get("Qualifier")
    try:
        spec = cloud.load_function(request.account, request.region, name,
                                   qualifiers[0] if qualifiers else None)
    except FunctionNotFound as exc:
        raise _user_error(404, "ResourceNotFoundException", str(exc)) from None
    return InvokeRequest(spec=spec, request_id=request_id, payload=request.body or b"{}",
                         client_context=_client_context(request.headers.get("x-amz-client-context")),
                         trace_header=request.headers.get("x-amzn-trace-id"),
                         want_tail=request.headers.get("x-amz-log-type") == "Tail")


def handle_invoke(request: Request, cloud: Cloud) -> Reply:
    request_id = str(uuid.uuid4())
    invoke = _invoke_request(request, cloud, request_id)
    invocation_type = request.headers.get("x-amz-invocation-type", "RequestResponse")
    base = [("x-amzn-RequestId", request_id), ("X-Amz-Executed-Version", invoke.spec.version)]
    if invocation_type == "DryRun":
        return Reply(204, base, b"")
    if request.body:
        try:
            json.loads(request.body)
        except ValueError:
            raise _user_error(400, "InvalidRequestContentException",
                              "Could not parse request body into json: Could not parse payload "
                              "into json") from None
    if invocation_type == "Event":
        threading.Thread(target=_invoke_async, args=(cloud.invoker, invoke), daemon=True).start()
        return Reply(202, [("x-amzn-RequestId", request_id)], b"")
    if invocation_type != "RequestResponse":
        raise _user_error(400, "InvalidParameterValueException",
                          f"Unsupported invocation type {invocation_type}")
    if len(invoke.payload) > MAX_PAYLOAD:
        raise _user_error(413, "RequestTooLargeException",
                          f"Request must be smaller than {MAX_PAYLOAD} bytes for the InvokeFunction operation")
    try:
        result = cloud.invoker.invoke(invoke)
    except Throttled:
        raise _user_error(429, "TooManyRequestsException", "Rate Exceeded.",
                          Reason="ReservedFunctionConcurrentInvocationLimitExceeded") from None
    except UnsafeArchive as exc:  # Invoke's documented error for a package Lambda cannot unzip
        raise _user_error(502, "InvalidZipFileException",
                          f"Lambda was not able to unzip the deployment package: {exc}") from None
    headers = [*base, ("Content-Type", "application/json")]
    if result.function_error:
        headers.append(("X-Amz-Function-Error", result.function_error))
    if result.log_tail is not None:
        headers.append(("X-Amz-Log-Result", result.log_tail))
    return Reply(200, headers, result.payload)


def _invoke_async(invoker: Invoker, request: InvokeRequest) -> None:
    try:
        invoker.invoke(request)
    except Throttled:
        # Lambda would queue the event and retry for up to six hours; localcloud drops it.
        print(f"localcloud: event for {request.spec.name} dropped: reserved concurrency in use",
              flush=True)
    except UnsafeArchive as exc:
        print(f"localcloud: event for {request.spec.name} dropped: {exc}", flush=True)
