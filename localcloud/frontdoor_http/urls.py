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
_ANY_ELB_HOST = re.compile(r"^[a-z0-9][a-z0-9-]*-\d+\.([a-z0-9-]+)\.elb\.amazonaws\.com$")
# Internet-facing ALBs only: an internal one (`internal-…`) is reachable from inside its VPC only.
_ELB_HOST = re.compile(r"^(?!internal-)" + _ANY_ELB_HOST.pattern[1:])
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
    if not match or match.group(2).lower().startswith("internal-"):
        return None
    path = local_path(match.group(2) + (match.group(3) or ""), match.group(4) or "")
    return f"{endpoint}{path}" if path else None


def local_path(netloc: str, path: str) -> str | None:
    """The localcloud path serving `http://<netloc><path>` (an absolute-form request a VPC
    function sends through its proxy), internal ALBs included; None for any other host."""
    host, _, port = netloc.lower().partition(":")
    if _ANY_ELB_HOST.match(host):
        return f"{ELB}{host}{':' + port if port else ''}{path}"
    if _EXECUTE_API_HOST.match(host) and not port:
        return f"{EXECUTE_API}{host.split('.', 1)[0]}{path}"
    if _LAMBDA_URL_HOST.match(host) and not port:
        return f"{LAMBDA_URL}{host.split('.', 1)[0]}{path or '/'}"
    return None


def split_first(path: str, prefix: str) -> tuple[str, str] | None:
    """`/_aws/x/<first>/<rest>` -> (first, "/<rest>"); None when path is not under prefix."""
    if not path.startswith(prefix):
        return None
    first, slash, rest = path[len(prefix):].partition("/")
    return (first, slash + rest) if first else None
