"""A UDP X-Ray daemon: each datagram is a JSON header line, a newline, one document."""

from __future__ import annotations

import errno
import logging
import socket
import threading

from localcloud.core.ports import PortInUse, port_in_use_message
from localcloud.xray.documents import InvalidDocument, parse_document
from localcloud.xray.store import TraceStore

log = logging.getLogger(__name__)

MAX_DATAGRAM = 65_535
POLL_SECONDS = 0.25  # how soon stop() is noticed by the receiving thread


class XRayDaemon:
    def __init__(self, host: str, port: int, store: TraceStore):
        self.host = host
        self.port = port
        self.store = store
        self._sock: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self._stopping = threading.Event()

    def start(self) -> None:
        """Bind and receive on a background thread. A port taken since the start-up
        check (another process won the race) raises PortInUse naming the variable."""
        if self._thread is not None:
            return
        sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        try:
            sock.bind((self.host, self.port))
        except OSError as exc:
            sock.close()
            if exc.errno == errno.EADDRINUSE:
                raise PortInUse(port_in_use_message("UDP", self.port, "LOCALCLOUD_XRAY_PORT")) from exc
            raise
        sock.settimeout(POLL_SECONDS)
        self.port = sock.getsockname()[1]  # the real port when 0 asked for any free one
        self._sock = sock
        self._stopping.clear()
        self._thread = threading.Thread(target=self._serve, name="xray-daemon", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        if self._thread is None:
            return
        self._stopping.set()
        self._thread.join()
        self._thread = None
        if self._sock is not None:
            self._sock.close()
            self._sock = None

    def _serve(self) -> None:
        assert self._sock is not None
        while not self._stopping.is_set():
            try:
                datagram, sender = self._sock.recvfrom(MAX_DATAGRAM)
            except TimeoutError:
                continue
            except OSError as exc:
                log.warning("x-ray daemon receive failed: %s", exc)
                continue
            try:
                receive_datagram(datagram, self.store)
            except ValueError as exc:
                log.warning("x-ray daemon ignored a datagram from %s: %s", sender, exc)
            except Exception:  # noqa: BLE001 - a bug of ours must not end collection for good
                log.exception("x-ray daemon failed on a datagram from %s; still receiving", sender)


def receive_datagram(datagram: bytes, store: TraceStore) -> str:
    """Parse one daemon-protocol datagram into the store; ValueError says what is wrong."""
    header_line, newline, body = datagram.partition(b"\n")
    if not newline:
        raise ValueError("no header line (expected a JSON header, a newline, a document)")
    try:
        header = parse_document(header_line)
    except InvalidDocument:
        raise ValueError(f"header is not JSON: {header_line[:80]!r}") from None
    if not isinstance(header, dict) or header.get("format") != "json" or header.get("version") != 1:
        raise ValueError(f'header must be {{"format": "json", "version": 1}}, got {header!r}')
    try:
        document = parse_document(body)
    except InvalidDocument as exc:
        raise ValueError(f"document is not JSON: {body[:80]!r} ({exc})") from None
    try:
        return store.put(document)
    except InvalidDocument as exc:
        raise ValueError(f"invalid segment document: {exc}") from None
