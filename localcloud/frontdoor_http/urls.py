"""AWS URLs and DNS names of the front doors, and the localcloud URLs that serve
them (all on localcloud's one port):

- REST and HTTP APIs: `<endpoint>/_aws/execute-api/<api-id>/<stage>/<path>`
  (an HTTP API's `$default` stage has no stage segment, as on AWS);
- Function URLs:      `<endpoint>/_aws/lambda-url/<url-id>/<path>`;
- ALBs:               `<endpoint>/_aws/elb/<dns-name>/<path>` for listener port 80,
  `<endpoint>/_aws/elb/<dns-name>:<listener-port>/<path>` for any other port.

Pure: no moto, no network."""
from __future__ import annotations

import re

EXECUTE_API = "/_aws/execute-api/"
LAMBDA_URL = "/_aws/lambda-url/"
ELB = "/_aws/elb/"

_EXECUTE_API_HOST = re.compile(r"^([a-z0-9]+)\.execute-api\.([a-z0-9-]+)\.amazonaws\.com$")
_LAMBDA_URL_HOST = re.compile(r"^([a-z0-9]+)\.lambda-url\.([a-z0-9-]+)\.on\.aws$")
# Internet-facing ALBs only: an internal one (`internal-…`) is reachable from inside only.
_ELB_HOST = re.compile(r"^(?!internal-)[a-z0-9][a-z0-9-]*-\d+\.([a-z0-9-]+)\.elb\.amazonaws\.com$")
_URL = re.compile(r"^(https?)://([^/:?#]+)(:\d+)?([/?#].*)?$", re.IGNORECASE)


def to_local(value: str, endpoint: str) -> str | None:
    """The localcloud URL serving `value` (an execute-api invoke URL with or
    without stage and path, a Function URL, an ALB DNS name or URL), or None
    when `value` is none of these. `endpoint` is `http://127.0.0.1:<port>`.

    A bare ALB DNS name becomes `127.0.0.1:<port>/_aws/elb/<dns>` (no scheme),
    so `f"http://{dns}/path"` and `f"http://{dns}:8080/path"` still work."""
    endpoint = endpoint.rstrip("/")
    text = value.strip()
    if _ELB_HOST.match(text.lower()):
        return f"{endpoint.split('://', 1)[-1]}{ELB}{text.lower()}"
    match = _URL.match(text)
    if not match:
        return None
    host, port, rest = match.group(2).lower(), match.group(3) or "", match.group(4) or ""
    if _EXECUTE_API_HOST.match(host) and not port:
        return f"{endpoint}{EXECUTE_API}{host.split('.', 1)[0]}{rest}"
    if _LAMBDA_URL_HOST.match(host) and not port:
        return f"{endpoint}{LAMBDA_URL}{host.split('.', 1)[0]}{rest or '/'}"
    if _ELB_HOST.match(host):
        return f"{endpoint}{ELB}{host}{port}{rest}"
    return None


def split_first(path: str, prefix: str) -> tuple[str, str] | None:
    """`/_aws/x/<first>/<rest>` -> (first, "/<rest>"); None when path is not under prefix."""
    if not path.startswith(prefix):
        return None
    first, slash, rest = path[len(prefix):].partition("/")
    return (first, slash + rest) if first else None
