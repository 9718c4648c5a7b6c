"""The localcloud process: moto plus our data plane on one loopback port, the
X-Ray daemon on a UDP port, and a clean end for every child it started."""
from __future__ import annotations

import os
import shutil
import signal
import sys
import threading
from types import FrameType
from typing import Any

from moto.moto_server.werkzeug_app import (DomainDispatcherApplication, MotoRequestHandler,
                                           create_backend_app)
from werkzeug.serving import make_server

from localcloud import routes
from localcloud.appconfig import moto_fixes as appconfig_fixes
from localcloud.apigateway import moto_fixes as rest_api_fixes
from localcloud.awslambda import moto_fixes as lambda_fixes
from localcloud.awslambda import runtimes
from localcloud.cloud import Cloud
from localcloud.cloudwatch import moto_fixes as cloudwatch_fixes
from localcloud.core.paths import data_dir
from localcloud.core.ports import HOST, PortInUse, check_ports
from localcloud.elbv2 import moto_fixes as elbv2_fixes
from localcloud.frontdoor import FrontDoor
from localcloud.function_urls import moto_fixes as function_url_fixes
from localcloud.sqs import moto_fixes as sqs_fixes
from localcloud.sqs.poller import SqsEventSourcePoller
from localcloud.xray.daemon import XRayDaemon


class _RequestHandler(MotoRequestHandler):
    disable_nagle_algorithm = True  # small JSON replies must not wait for delayed ACKs

    def connection_dropped(self, error: BaseException, environ: dict[str, Any] | None = None) -> None:
        """werkzeug drops these silently, after logging the status it could not deliver: say
        so, or a client's retry that finds the call done (409, 404) looks unexplained."""
        request = getattr(self, "requestline", "") or "a request"
        print(f"localcloud: {request}: the client closed the connection before the answer "
              f"({type(error).__name__}); what the call did stands", file=sys.stderr, flush=True)


class LocalCloud:
    """The composition root: moto, the shared state (Cloud), the front door over
    the route table, and the background services it starts and stops."""

    def __init__(self, port: int, xray_port: int, idle_seconds: float = 300.0) -> None:
        lambda_fixes.apply()
        cloudwatch_fixes.apply()
        sqs_fixes.apply()
        appconfig_fixes.apply()
        function_url_fixes.apply()
        rest_api_fixes.apply()
        elbv2_fixes.apply()
        moto_app = DomainDispatcherApplication(create_backend_app)
        self.cloud = Cloud(port, xray_port, data_dir(port), moto_app, idle_seconds)
        self.app = FrontDoor(self.cloud, routes.TABLE)
        self._xray = XRayDaemon(HOST, xray_port, self.cloud.traces)
        self._sqs = SqsEventSourcePoller(self.cloud)
        self._server: Any = None

    def serve_forever(self) -> None:
        cloud = self.cloud
        check_ports(cloud.port, cloud.xray_port)
        os.environ.setdefault("MOTO_PORT", str(cloud.port))  # moto builds S3 URLs from it
        self._server = make_server(HOST, cloud.port, self.app, threaded=True,
                                   request_handler=_RequestHandler)
        # Holding the port, no other instance uses this folder: drop code a previous instance
        # extracted, which its shutdown may not have finished deleting (a tree marked complete
        # but missing files would be reused as it is).
        shutil.rmtree(cloud.data / "code", ignore_errors=True)
        self._xray.start()
        cloud.pool.start()
        self._sqs.start()
        # Build the default runtime's packages now so the first cold invoke is not slow.
        default_runtime = os.environ.get("PYTHON_RUNTIME", "python3.12")
        threading.Thread(target=self._prepare_runtime, args=(default_runtime,), daemon=True).start()
        try:
            self._server.serve_forever()
        finally:
            self._sqs.stop()
            cloud.pool.shutdown()
            self._xray.stop()
            self._server.server_close()
            shutil.rmtree(cloud.data / "code", ignore_errors=True)  # derived; rebuilt on demand

    @staticmethod
    def _prepare_runtime(runtime: str) -> None:
        try:
            runtimes.interpreter(runtime)
            runtimes.packages_dir(runtime)
        except runtimes.RuntimeUnavailable as exc:
            print(f"localcloud: {exc}", file=sys.stderr, flush=True)

    def stop(self, signum: int = 0, frame: FrameType | None = None) -> None:
        if self._server is not None:
            threading.Thread(target=self._server.shutdown, daemon=True).start()


def serve(port: int, xray_port: int) -> int:
    server = LocalCloud(port, xray_port, float(os.environ.get("LOCALCLOUD_IDLE_SECONDS", "300")))
    signal.signal(signal.SIGTERM, server.stop)
    signal.signal(signal.SIGINT, server.stop)
    try:
        print(f"localcloud: serving {server.cloud.endpoint} (X-Ray daemon udp {HOST}:{xray_port}), "
              f"data in {server.cloud.data}", flush=True)
        server.serve_forever()
    except PortInUse as exc:
        print(exc, file=sys.stderr, flush=True)
        return 2
    print("localcloud: stopped", flush=True)
    return 0
