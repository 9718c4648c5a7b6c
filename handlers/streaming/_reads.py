"""What the streaming handlers share: where the objects live and how lines are summarised."""

import hashlib
import os
from collections.abc import Iterable

BUCKET = os.environ["OBJECTS_BUCKET"]


def summarise_lines(lines: Iterable[bytes]) -> dict:
    """Count, first and last line and a digest, so a large object's summary fits a response."""
    digest, count, first, last = hashlib.sha256(), 0, None, None
    for line in lines:
        digest.update(line)
        count += 1
        text = line.decode().rstrip("\n")
        first = text if first is None else first
        last = text
    return {"line_count": count, "first_line": first, "last_line": last, "sha256": digest.hexdigest()}
