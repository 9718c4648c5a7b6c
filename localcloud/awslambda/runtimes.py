"""Lambda Python runtimes on the host: the interpreter for `pythonX.Y` and the
runtime's own packages (awslambdaric, boto3) installed once per interpreter."""
from __future__ import annotations

import fcntl
import hashlib
import re
import shutil
import subprocess
import threading
from functools import lru_cache
from pathlib import Path

from localcloud.core.paths import runtime_dir

REQUIREMENTS = Path(__file__).with_name("runtime-requirements.txt")
_RUNTIME_RE = re.compile(r"^python(\d+)\.(\d+)$")
_build_lock = threading.Lock()
# (runtime, requirements digest) -> why installing failed: reported again, never retried
# until the requirements change or localcloud restarts (pip can take minutes to fail).
_failed_builds: dict[tuple[str, str], str] = {}


class RuntimeUnavailable(Exception):
    """The function's runtime cannot run on this host; the message says why."""


def version_of(runtime: str) -> tuple[int, int]:
    match = _RUNTIME_RE.match(runtime or "")
    if not match:
        raise RuntimeUnavailable(
            f"Runtime {runtime!r} is not supported by localcloud (only pythonX.Y runtimes)"
        )
    return int(match.group(1)), int(match.group(2))


def _reports_version(candidate: str, version: tuple[int, int]) -> bool:
    # pyenv shims exist on PATH even when they cannot run: ask the interpreter.
    try:
        out = subprocess.run(
            [candidate, "-S", "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
            capture_output=True, text=True, timeout=10, check=False,
        )
    except OSError:
        return False
    return out.returncode == 0 and out.stdout.strip() == "%d.%d" % version


@lru_cache(maxsize=None)
def interpreter(runtime: str) -> str:
    """Path of a working interpreter for `runtime`: PATH first, then pyenv."""
    version = version_of(runtime)
    name = "python%d.%d" % version
    candidates: list[str] = []
    on_path = shutil.which(name)
    if on_path:
        candidates.append(on_path)
    pyenv = Path.home() / ".pyenv" / "versions"
    candidates += [str(p) for p in sorted(pyenv.glob("%d.%d*/bin/%s" % (*version, name)), reverse=True)]
    for candidate in candidates:
        if _reports_version(candidate, version):
            return candidate
    raise RuntimeUnavailable(
        f"Runtime {runtime}: no working {name} interpreter on this host "
        f"(tried PATH and ~/.pyenv/versions/{version[0]}.{version[1]}*); install one, e.g. `pyenv install {version[0]}.{version[1]}`"
    )


def _requirements_digest() -> str:
    return hashlib.sha256(REQUIREMENTS.read_bytes()).hexdigest()[:16]


def packages_dir(runtime: str) -> Path:
    """Directory with the runtime's own packages; built on first use (pip --target),
    guarded by a file lock so parallel localclouds build it once."""
    target = runtime_dir(runtime)
    stamp = target / ".requirements-digest"
    digest = _requirements_digest()
    if stamp.is_file() and stamp.read_text() == digest:
        return target
    with _build_lock:
        if (runtime, digest) in _failed_builds:
            raise RuntimeUnavailable(_failed_builds[runtime, digest])
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target.parent / f".{runtime}.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if stamp.is_file() and stamp.read_text() == digest:
                return target
            staging = target.parent / f".{runtime}.staging"
            shutil.rmtree(staging, ignore_errors=True)
            result = subprocess.run(
                [interpreter(runtime), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                 "--target", str(staging), "-r", str(REQUIREMENTS)],
                capture_output=True, text=True, check=False,
            )
            if result.returncode != 0:
                _failed_builds[runtime, digest] = (
                    f"Runtime {runtime}: installing {REQUIREMENTS.name} failed (not retried until it "
                    f"changes or localcloud restarts):\n{result.stderr[-2000:]}")
                raise RuntimeUnavailable(_failed_builds[runtime, digest])
            shutil.rmtree(target, ignore_errors=True)
            staging.rename(target)
            stamp.write_text(digest)
    return target
