"""The shared state of one localcloud, built by the server (the composition
root) and handed to every route handler: moto behind us, the trace store, the
Lambda execution environments. No service keeps state in a module global."""
from __future__ import annotations

import io
import threading
import time
import uuid
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

from localcloud.awslambda import lambda_logs, runtimes
from localcloud.awslambda.environment import Launch
from localcloud.awslambda.functions import CodeCache, FunctionNotFound, FunctionSpec, load
from localcloud.awslambda.invoker import InvokeRequest, InvokeResult, Invoker
from localcloud.awslambda.pool import EnvironmentPool, Throttled
from localcloud.core.proctree import owner_prefix
from localcloud.routing import Reply, Request
from localcloud.core.vpc_network import VpcNetwork
from localcloud.xray.store import TraceStore

WsgiApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]

__all__ = ["Cloud", "FunctionNotFound", "InvokeResult", "Throttled", "WsgiApp"]


class Cloud:
    def __init__(self, port: int, xray_port: int, data: Path, moto_app: WsgiApp,
                 idle_seconds: float = 300.0) -> None:
        self.endpoint = f"http://127.0.0.1:{port}"
        self.port, self.xray_port, self.data = port, xray_port, data
        self.started = time.time()
        self.traces = TraceStore()
        self.code = CodeCache(data / "code")
        # (account, region, function name) -> LoggingConfig.LogGroup, which moto does not keep
        self.log_groups: dict[tuple[str, str, str], str] = {}
        self.pool = EnvironmentPool(self._launch, idle_seconds)
        self.invoker = Invoker(self.pool, self.traces)
        self.network = VpcNetwork(f"127.0.0.1:{port}")
        self._moto = moto_app
        # moto's stores are plain dicts, not safe for the threads werkzeug answers on: a call
        # that walks the roles while another thread adds one fails ("dictionary changed size
        # during iteration") as an HTML 500 that every SDK retries, and a retried call that had
        # already made its change meets 409 "already exists" or 404. One moto call at a time.
        self._moto_lock = threading.Lock()

    def _launch(self, spec: FunctionSpec) -> Launch:
        return Launch(interpreter=runtimes.interpreter(spec.runtime),
                      packages=runtimes.packages_dir(spec.runtime),
                      task_root=self.code.task_root(spec), opt_root=self.code.opt_root(spec),
                      endpoint=self.endpoint, xray_port=self.xray_port,
                      log_stream=lambda_logs.stream_name(spec.version), owner=owner_prefix(self.port),
                      network=self.network.variables(spec.vpc_id))

    def load_function(self, account: str, region: str, name_or_arn: str,
                      qualifier: str | None = None) -> FunctionSpec:
        """The function as moto stores it; raises FunctionNotFound."""
        return load(account, region, name_or_arn, qualifier, self.log_groups)

    def invoke_function(self, account: str, region: str, name_or_arn: str, payload: bytes,
                        trace_header: str | None = None) -> InvokeResult:
        """Run a function synchronously (RequestResponse), as front doors and event
        sources do. Raises FunctionNotFound, and Throttled when its reserved
        concurrency is in use."""
        # "name", "name:qualifier", or an ARN with an optional qualifier (8th field)
        base_fields = 7 if name_or_arn.startswith("arn:") else 1
        fields = name_or_arn.split(":")
        qualifier = fields[base_fields] if len(fields) > base_fields else None
        spec = self.load_function(account, region, ":".join(fields[:base_fields]), qualifier)
        return self.invoker.invoke(InvokeRequest(spec=spec, request_id=str(uuid.uuid4()),
                                                 payload=payload or b"{}", trace_header=trace_header))

    def forward_to_moto(self, request: Request) -> Reply:
        """Answer the request with moto's server, as if it had come to moto directly."""
        answer: list[Any] = []

        def start_response(status: str, headers: list[tuple[str, str]], *_: Any) -> None:
            answer[:] = [status, headers]

        with self._moto_turn(request):
            chunks = self._moto(_environ(request, self.port), start_response)
            try:
                body = b"".join(chunks)
            finally:
                getattr(chunks, "close", lambda: None)()
        status, headers = answer
        return Reply(int(status.split(" ", 1)[0]), list(headers), body)

    def _moto_turn(self, request: Request) -> AbstractContextManager[Any]:
        """The moto lock, except for SQS ReceiveMessage: moto long-polls inside the call (up to
        20 s) and would hold every other call, the SendMessage it waits for among them."""
        return nullcontext() if _is_sqs_receive(request) else self._moto_lock


def _is_sqs_receive(request: Request) -> bool:
    if request.target:  # the JSON protocol (boto3, the Terraform provider)
        return request.target == "AmazonSQS.ReceiveMessage"
    if request.method != "POST" or "x-www-form-urlencoded" not in request.headers.get("content-type", ""):
        return False
    form = parse_qs(request.body.decode("utf-8", "replace"))  # the query protocol of older SDKs
    return form.get("Action") == ["ReceiveMessage"]


def _environ(request: Request, port: int) -> dict[str, Any]:
    """A WSGI environ carrying the request (what werkzeug's server built for it)."""
    uri = request.raw_path + (f"?{request.query}" if request.query else "")
    environ: dict[str, Any] = {
        "REQUEST_METHOD": request.method, "PATH_INFO": request.path, "QUERY_STRING": request.query,
        "RAW_URI": uri, "REQUEST_URI": uri, "SCRIPT_NAME": "", "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": str(port), "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": request.source_ip,
        "wsgi.input": io.BytesIO(request.body), "wsgi.url_scheme": "http", "wsgi.errors": io.StringIO(),
        "wsgi.multithread": True, "wsgi.multiprocess": False, "wsgi.run_once": False,
        "wsgi.version": (1, 0), "CONTENT_LENGTH": str(len(request.body)),
    }
    for name, value in request.headers.items():
        if name == "content-type":
            environ["CONTENT_TYPE"] = value
        elif name != "content-length":
            environ["HTTP_" + name.upper().replace("-", "_")] = value
    return environ

