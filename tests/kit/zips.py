"""Lambda code zips made in memory, as a test writes its tiny handlers."""
from __future__ import annotations

import io
import textwrap
import zipfile


def zip_files(files: dict[str, str]) -> bytes:
    """A zip of {name: source}; sources are dedented, so tests may indent them."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, textwrap.dedent(text))
    return buf.getvalue()
