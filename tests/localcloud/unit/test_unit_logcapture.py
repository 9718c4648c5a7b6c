"""Log capture: frames from the runtime, text from the handler, whatever bytes it writes."""
from __future__ import annotations

import time

from localcloud.awslambda.logcapture import MAX_EVENT_BYTES, LogCapture


def frame(message: bytes, level: int = 0x0F) -> bytes:
    stamp = int(time.time() * 1_000_000)
    return bytes([0xA5, 0x5A, 0, level]) + len(message).to_bytes(4, "big") + stamp.to_bytes(8, "big") + message


def captured(*chunks: bytes) -> list[str]:
    capture = LogCapture()
    for chunk in chunks:
        capture.feed(chunk)
    capture.flush()
    return [message for _, message in capture.take()]


def test_runtime_frames_and_text_keep_their_order() -> None:
    assert captured(b"one\n", frame(b"two\nlines"), b"three\n") == ["one", "two\nlines", "three"]


def test_forged_frame_markers_in_text_do_not_hold_back_later_lines() -> None:
    # GIVEN a handler that writes the marker bytes itself: alone, with a huge length, mid-line
    forged = [b"\xa5\x5a\n", b"\xa5\x5a\xff\xff\xff\xff" + b"x" * 20 + b"\n", b"abc\xa5\x5adef\n"]
    # WHEN later lines follow THEN every later line is an event
    messages = captured(*forged, b"after\n", frame(b"logged"), b"last\n")
    assert messages[-3:] == ["after", "logged", "last"]
    assert "abc\ufffdZdef" in messages


def test_a_plausible_forged_header_is_flushed_as_text_when_the_invocation_ends() -> None:
    # GIVEN a forged but well-formed header announcing 1 GB that never comes
    capture = LogCapture()
    capture.feed(frame(b"")[:4] + (1 << 30).to_bytes(4, "big") + frame(b"")[8:16] + b"tail\n")
    # WHEN the invocation ends THEN its bytes come out as text, nothing waits
    capture.flush()
    assert [m for _, m in capture.take()][-1].endswith("tail")


def test_a_long_line_is_split_into_events_of_at_most_256_kb() -> None:
    line = ("é" * 5_000_000).encode() + b"\n"  # 10 MB of two-byte characters
    messages = captured(*(line[i:i + 65536] for i in range(0, len(line), 65536)))
    assert all(len(m.encode()) <= MAX_EVENT_BYTES for m in messages)
    assert "".join(messages) == "é" * 5_000_000 and len(messages) == -(-len(line) // MAX_EVENT_BYTES)
