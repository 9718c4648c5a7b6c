"""The UDP daemon: real datagrams in, documents in the store, junk ignored with a log line."""

import json
import logging
import socket
from collections.abc import Iterator

import pytest
from kit.waits import wait_for
from xray_docs import TRACE, segment, subsegment

from localcloud.core.ports import PortInUse
from localcloud.xray.daemon import XRayDaemon
from localcloud.xray.store import TraceStore


@pytest.fixture
def daemon() -> Iterator[XRayDaemon]:
    running = XRayDaemon("127.0.0.1", 0, TraceStore())
    running.start()
    yield running
    running.stop()


def send(daemon: XRayDaemon, *datagrams: bytes) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        for datagram in datagrams:
            sock.sendto(datagram, ("127.0.0.1", daemon.port))


def test_documents_over_udp_reach_the_store(daemon: XRayDaemon) -> None:
    assert daemon.port != 0
    seg = json.dumps(segment("aaaaaaaaaaaaaaaa", "svc")).encode()
    sub = json.dumps(subsegment("bbbbbbbbbbbbbbbb", "aaaaaaaaaaaaaaaa", "## handler")).encode()
    send(
        daemon,
        b'{"format": "json", "version": 1}\n' + sub,  # the SDK's exact header
        b'{"version":1,"format":"json"}\n' + seg,  # same header, other bytes
    )

    def merged() -> bool:
        segments = daemon.store.segments(TRACE)
        return bool(segments) and len(segments[0].get("subsegments", [])) == 1

    wait_for(merged)


def test_junk_is_logged_and_skipped(daemon: XRayDaemon, caplog: pytest.LogCaptureFixture) -> None:
    good = json.dumps(segment("aaaaaaaaaaaaaaaa", "svc")).encode()
    with caplog.at_level(logging.WARNING, logger="localcloud.xray.daemon"):
        send(
            daemon,
            b"not even a header",
            b'{"format": "xml", "version": 1}\n' + good,
            b'{"format": "json", "version": 1}\n{broken',
            b'{"format": "json", "version": 1}\n{"id": "x"}',
            b'{"format": "json", "version": 1}\n' + good,
        )
        wait_for(lambda: daemon.store.trace_ids() == [TRACE])
        wait_for(lambda: len(caplog.records) == 4)
    reasons = " | ".join(r.getMessage() for r in caplog.records)
    for fragment in ("no header line", "header must be", "document is not JSON", "invalid segment"):
        assert fragment in reasons


def test_port_in_use_names_its_variable_and_stop_is_idempotent(daemon: XRayDaemon) -> None:
    # a port taken after the start-up check (another process won the race)
    clash = XRayDaemon("127.0.0.1", daemon.port, TraceStore())
    with pytest.raises(PortInUse, match="LOCALCLOUD_XRAY_PORT"):
        clash.start()
    clash.stop()
    daemon.stop()
    daemon.stop()
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind(("127.0.0.1", daemon.port))  # released


HEADER = b'{"format": "json", "version": 1}\n'


def nested(depth: int) -> dict:
    node = segment("ffffffffffffffff", "deep")
    for _ in range(depth):
        node = {"id": "ffffffffffffffff", "name": "d", "start_time": 1, "end_time": 2, "subsegments": [node]}
    return {**segment("ffffffffffffffff", "deep"), "subsegments": [node]}


POISON = [
    HEADER + json.dumps({**segment("cccccccccccccccc", "svc"), "end_time": [1]}).encode(),
    HEADER + b"[" * 30_000 + b"]" * 30_000,
    HEADER + json.dumps(nested(300)).encode(),
    HEADER + json.dumps({**segment("dddddddddddddddd", "svc"), "subsegments": 5}).encode(),
    HEADER + b'{"name": "\xff\xfe"}',
    HEADER + b'{"trace_id": NaN}',
    HEADER + b"{" * 60_000,
    b"\xff" * 65_000,
]


def test_poison_datagrams_are_dropped_and_collection_goes_on(daemon: XRayDaemon,
                                                             caplog: pytest.LogCaptureFixture) -> None:
    # GIVEN datagrams that broke the daemon thread or later queries
    def ignored() -> int:
        return sum("ignored a datagram" in r.getMessage() for r in caplog.records)

    with caplog.at_level(logging.WARNING, logger="localcloud.xray.daemon"):
        for count, datagram in enumerate(POISON, 1):  # one at a time: a full socket buffer drops
            send(daemon, datagram)
            wait_for(lambda: ignored() == count, what=f"poison datagram {count} logged")
        # WHEN a good segment follows them
        good = segment("eeeeeeeeeeeeeeee", "after-poison")
        send(daemon, HEADER + json.dumps(good).encode())
        # THEN it is stored, the poison is not, and each poison datagram left a log line
        wait_for(lambda: daemon.store.segments(TRACE), what="the good segment stored")
    assert [s["id"] for s in daemon.store.segments(TRACE) or []] == ["eeeeeeeeeeeeeeee"]
    assert ignored() == len(POISON)

