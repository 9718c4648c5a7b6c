"""Splits a function's output into log events as Lambda does.

The child's stdout and stderr and awslambdaric's telemetry log sink share one
pipe, so events stay in the order they were written. Plain output becomes one
event per line; what the runtime writes through the telemetry sink (logging
records, error reports) arrives framed and stays one event even when it spans
several lines. A frame is: type (4 bytes: a5 5a 00, then one of awslambdaric's
level codes), length (4), a timestamp in microseconds (8), then the message;
all big-endian. A handler can write those bytes itself, so a header is trusted
only when its type is one the runtime writes and its timestamp is close to
now; anything else is text. A frame still incomplete when an invocation ends
was not written by the runtime (it writes whole frames before posting the
result), so it is flushed as text too: forged markers never hold output back.

An event holds at most MAX_EVENT_BYTES of UTF-8 (CloudWatch Logs' 256 KB event
limit, 26 bytes of which are per-event overhead); a longer line becomes several
consecutive events, cut between characters."""
from __future__ import annotations

import time

FRAME_MAGIC = b"\xa5\x5a"
HEADER = 16
FRAME_LEVELS = frozenset(b"\x02\x0a\x0e\x12\x16\x1a\x03\x0b\x0f\x13\x17\x1b")  # JSON, text
MAX_EVENT_BYTES = 262_144 - 26
_CLOCK_SKEW_MS = 24 * 3600 * 1000  # a frame stamped further from now is not the runtime's


def _frame_header(header: bytes, now_ms: int) -> bool:
    return (header[:3] == FRAME_MAGIC + b"\x00" and header[3] in FRAME_LEVELS
            and abs(int.from_bytes(header[8:16], "big") // 1000 - now_ms) < _CLOCK_SKEW_MS)


def _utf8_cut(data: bytes, limit: int) -> int:
    """The largest length <= limit that does not end inside a UTF-8 character."""
    if len(data) <= limit:
        return len(data)
    cut = limit
    while cut > limit - 3 and data[cut] & 0xC0 == 0x80:  # a continuation byte starts the rest
        cut -= 1
    return cut


class LogCapture:
    def __init__(self) -> None:
        self._buffer = b""
        self.events: list[tuple[int, str]] = []  # (timestamp ms, message)

    def feed(self, data: bytes) -> None:
        self._buffer += data
        now_ms = int(time.time() * 1000)
        while self._buffer and self._take_one(now_ms):
            pass

    def _take_one(self, now_ms: int) -> bool:
        """Move the first complete event out of the buffer; False when it must wait for more."""
        buffer = self._buffer
        if buffer.startswith(FRAME_MAGIC):
            if len(buffer) < HEADER:
                return False
            if _frame_header(buffer[:HEADER], now_ms):
                end = HEADER + int.from_bytes(buffer[4:8], "big")
                if len(buffer) < end:
                    return False
                self._add(int.from_bytes(buffer[8:16], "big") // 1000, buffer[HEADER:end])
                self._buffer = buffer[end:]
                return True
        newline = buffer.find(b"\n")
        frame = self._next_frame(newline if newline >= 0 else len(buffer), now_ms)
        if 0 <= frame and len(buffer) < frame + HEADER:
            return False  # a marker whose header is not all here yet: judge it when it is
        end = min(p for p in (newline, frame, len(buffer)) if p >= 0)
        if end == len(buffer) and end < MAX_EVENT_BYTES:
            return False  # an unfinished line: wait for the rest
        if end > MAX_EVENT_BYTES:
            end = _utf8_cut(buffer, MAX_EVENT_BYTES)
        self._add(now_ms, buffer[:end])
        self._buffer = buffer[end + 1:] if end == newline else buffer[end:]
        return True

    def _next_frame(self, before: int, now_ms: int) -> int:
        """Where a frame the runtime wrote may start in 1..before, or -1."""
        position = self._buffer.find(FRAME_MAGIC, 1, before)
        while position >= 0:
            header = self._buffer[position:position + HEADER]
            if len(header) < HEADER or _frame_header(header, now_ms):
                return position
            position = self._buffer.find(FRAME_MAGIC, position + 1, before)
        return -1

    def flush(self) -> None:
        """End of an invocation: what is left (an unfinished line, a forged frame) is text."""
        self._add(int(time.time() * 1000), self._buffer)
        self._buffer = b""

    def take(self) -> list[tuple[int, str]]:
        events, self.events = self.events, []
        return events

    def _add(self, stamp_ms: int, raw: bytes) -> None:
        while raw:  # a long frame or flushed rest may make several events
            end = _utf8_cut(raw, MAX_EVENT_BYTES)
            piece, raw = raw[:end], raw[end:]
            text = piece.decode("utf-8", "replace").rstrip("\n")
            if text.strip():
                self.events.append((stamp_ms, text))
