"""TARGET=local must reach localcloud only, whichever way a client resolves an endpoint.

botocore, and the Terraform AWS provider alike, take a service's endpoint from
(first wins) `AWS_ENDPOINT_URL_<SERVICE>`, `AWS_ENDPOINT_URL`, the shared config
file's `[services <name>]` section that the profile names, and the profile's
`endpoint_url`; `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true` makes them skip all
of these and go to AWS. So a local run, the sweep and the leak check refuse to
start unless every one of these that is set is a loopback URL and the ignore
switch is off, naming the variable or config entry that is not.

    python -m scripts.pipeline.endpoints check    # exit 2 with one line per problem
"""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from urllib.parse import urlparse

import botocore.exceptions
import botocore.session

LOOPBACK = ("127.0.0.1", "localhost", "::1")
GLOBAL = "AWS_ENDPOINT_URL"
IGNORE = "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"


def is_loopback(url: str) -> bool:
    try:
        return urlparse(url).hostname in LOOPBACK
    except ValueError:
        return False


def _configured_in_files() -> dict[str, str]:
    """The shared config file's endpoints for the active profile: `where -> url`."""
    session = botocore.session.Session()
    try:
        profile = session.get_scoped_config()
    except botocore.exceptions.ProfileNotFound:
        return {}
    found = {}
    if profile.get("endpoint_url"):
        found[f"endpoint_url of profile {session.profile or 'default'} in the shared config file"] = profile["endpoint_url"]
    section = profile.get("services")
    for service, settings in (session.full_config.get("services", {}).get(section, {}) if section else {}).items():
        if isinstance(settings, dict) and settings.get("endpoint_url"):
            found[f"{service} endpoint_url of [services {section}] in the shared config file"] = settings["endpoint_url"]
    return found


def local_endpoint_problems(environ: Mapping[str, str]) -> list[str]:
    """Every way a client in this environment could reach something other than loopback."""
    problems = []
    if environ.get(IGNORE, "").strip().lower() == "true":
        problems.append(f"{IGNORE}=true makes every AWS client ignore {GLOBAL} and reach AWS; unset it for TARGET=local")
    if not is_loopback(environ.get(GLOBAL, "")):
        problems.append(f"TARGET=local needs {GLOBAL} on loopback (e.g. http://127.0.0.1:4566), got {environ.get(GLOBAL, '')!r}")
    for name in sorted(n for n in environ if n.startswith(f"{GLOBAL}_")):
        if not is_loopback(environ[name]):
            problems.append(f"{name}={environ[name]!r} is not on loopback: TARGET=local would send that service elsewhere")
    for where, url in sorted(_configured_in_files().items()):
        if not is_loopback(url):
            problems.append(f"{where} is {url!r}, not on loopback: TARGET=local would send requests there")
    return problems


def main(argv: list[str] | None = None) -> int:
    if (argv if argv is not None else sys.argv[1:]) != ["check"]:
        print("usage: python -m scripts.pipeline.endpoints check", file=sys.stderr)
        return 2
    problems = local_endpoint_problems(os.environ)
    for problem in problems:
        print(f"e2e: error: {problem}", file=sys.stderr)
    return 2 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
