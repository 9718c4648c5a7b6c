"""Splits a function's output into log events as Lambda does.

The child's stdout and stderr and awslambdaric's telemetry log sink share one
pipe, so events stay in the order they were written. Plain output becomes one
event per line; what the runtime writes through the telemetry sink (logging
records, error reports) arrives framed and stays one event even when it spans
several lines. A frame is: type (4 bytes, starting a5 5a), length (4), a
timestamp in microseconds (8), then the message; all big-endian. Bytes a5 5a
never start valid UTF-8 text, so they mark a frame unambiguously."""
from __future__ import annotations

import time

FRAME_MAGIC = b"\xa5\x5a"
HEADER = 16


class LogCapture:
    def __init__(self) -> None:
        self._buffer = b""
        self.events: list[tuple[int, str]] = []  # (timestamp ms, message)

    def feed(self, data: bytes) -> None:
        self._buffer += data
        now_ms = int(time.time() * 1000)
        while self._buffer:
            if self._buffer.startswith(FRAME_MAGIC):
                if len(self._buffer) < HEADER:
                    return
                end = HEADER + int.from_bytes(self._buffer[4:8], "big")
                if len(self._buffer) < end:
                    return
                stamp_ms = int.from_bytes(self._buffer[8:16], "big") // 1000
                self._add(stamp_ms, self._buffer[HEADER:end])
                self._buffer = self._buffer[end:]
                continue
            newline, frame = self._buffer.find(b"\n"), self._buffer.find(FRAME_MAGIC)
            if 0 < frame and (newline < 0 or frame < newline):  # text without newline, then a frame
                self._add(now_ms, self._buffer[:frame])
                self._buffer = self._buffer[frame:]
            elif newline >= 0:
                self._add(now_ms, self._buffer[:newline])
                self._buffer = self._buffer[newline + 1:]
            else:
                return  # an unfinished line: wait for the rest

    def flush(self) -> None:
        """End of an invocation: an unfinished text line is an event of its own."""
        if self._buffer and not self._buffer.startswith(FRAME_MAGIC):
            self._add(int(time.time() * 1000), self._buffer)
            self._buffer = b""

    def take(self) -> list[tuple[int, str]]:
        events, self.events = self.events, []
        return events

    def _add(self, stamp_ms: int, raw: bytes) -> None:
        text = raw.decode("utf-8", "replace").rstrip("\n")
        if text.strip():
            self.events.append((stamp_ms, text))
