"""Unpacking zips: nothing outside the target folder is ever written or chmod-ed."""
from __future__ import annotations

import io
import stat
import zipfile
from pathlib import Path

import pytest

from localcloud.awslambda.safezip import UnsafeArchive, safe_extract


def zip_with(name: str, data: bytes = b"x", mode: int = 0o100777) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        archive.writestr("app.py", "def handler(e, c): return 1\n")
        info = zipfile.ZipInfo(name)
        info.external_attr = mode << 16
        archive.writestr(info, data)
    return buf.getvalue()


@pytest.mark.parametrize("entry", ["{host}", "../{rel}", "sub/../../{rel}", "..\\{rel}"])
def test_an_entry_outside_the_target_refuses_the_archive(tmp_path: Path, entry: str) -> None:
    # GIVEN a host file next to the target folder, mode 0600
    host = tmp_path / "host.txt"
    host.write_text("keep")
    host.chmod(0o600)
    target = tmp_path / "target"
    target.mkdir()
    # WHEN a zip names it absolutely or by climbing out
    archive = zip_with(entry.format(host=host, rel="host.txt"))
    # THEN it is refused and the host file is untouched
    with pytest.raises(UnsafeArchive, match="outside the package"):
        safe_extract(archive, target)
    assert stat.S_IMODE(host.stat().st_mode) == 0o600 and host.read_text() == "keep"
    assert not (target / "app.py").exists()


def test_a_symlink_entry_refuses_the_archive(tmp_path: Path) -> None:
    host = tmp_path / "host.txt"
    host.write_text("keep")
    target = tmp_path / "target"
    target.mkdir()
    with pytest.raises(UnsafeArchive, match="symbolic link"):
        safe_extract(zip_with("bin/tool", str(host).encode(), 0o120777), target)
    assert host.read_text() == "keep"


def test_a_later_layer_replaces_a_file_and_keeps_its_execute_bit(tmp_path: Path) -> None:
    safe_extract(zip_with("bin/tool", b"one", 0o100644), tmp_path)
    safe_extract(zip_with("bin/tool", b"two", 0o100755), tmp_path)
    tool = tmp_path / "bin" / "tool"
    assert tool.read_bytes() == b"two" and stat.S_IMODE(tool.stat().st_mode) == 0o755


def test_not_a_zip_is_refused(tmp_path: Path) -> None:
    with pytest.raises(UnsafeArchive, match="not a zip"):
        safe_extract(b"PK but not really", tmp_path)
