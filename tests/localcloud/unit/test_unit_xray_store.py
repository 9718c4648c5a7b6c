"""TraceStore: independently sent subsegments merged into their parents in any order."""

import itertools
import threading

import pytest
from xray_docs import TRACE, segment, subsegment

from localcloud.xray.store import InvalidDocument, TraceStore

ROOT = "aaaaaaaaaaaaaaaa"
INVOCATION = "bbbbbbbbbbbbbbbb"
HANDLER = "cccccccccccccccc"
INNER = "dddddddddddddddd"


def function_segment() -> dict:
    return segment(
        ROOT,
        "orders-handler",
        origin="AWS::Lambda::Function",
        subsegments=[
            {"id": INVOCATION, "name": "Invocation", "start_time": 100.1, "end_time": 100.9}
        ],
    )


@pytest.fixture
def store() -> TraceStore:
    return TraceStore()


def child_names(node: dict) -> list[str]:
    return [c["name"] for c in node.get("subsegments", [])]


@pytest.mark.parametrize("order", list(itertools.permutations(["segment", "handler", "inner"])))
def test_nested_merge_in_every_arrival_order(store: TraceStore, order: tuple[str, ...]) -> None:
    docs = {
        "segment": function_segment(),
        "handler": subsegment(HANDLER, INVOCATION, "## lambda_handler", annotations={"k": "v"}),
        "inner": subsegment(INNER, HANDLER, "## inner"),
    }
    for name in order:
        store.put(docs[name])
    segments = store.segments(TRACE)
    assert segments is not None and [s["id"] for s in segments] == [ROOT]
    invocation = segments[0]["subsegments"][0]
    assert child_names(invocation) == ["## lambda_handler"]
    handler = invocation["subsegments"][0]
    assert handler["annotations"] == {"k": "v"}
    assert child_names(handler) == ["## inner"]
    # merged subsegments read like embedded ones, without their streaming fields
    assert not {"type", "parent_id", "trace_id"} & set(handler)


def test_subsegment_directly_under_segment(store: TraceStore) -> None:
    store.put(subsegment(HANDLER, ROOT, "direct"))
    store.put(segment(ROOT, "svc"))
    assert child_names(store.segments(TRACE)[0]) == ["direct"]  # type: ignore[index]


def test_orphan_subsegment_is_not_shown_until_parent_arrives(store: TraceStore) -> None:
    store.put(segment(ROOT, "svc"))
    store.put(subsegment(INNER, HANDLER, "orphan"))
    assert child_names(store.segments(TRACE)[0]) == []  # type: ignore[index]
    store.put(subsegment(HANDLER, ROOT, "parent"))
    parent = store.segments(TRACE)[0]["subsegments"][0]  # type: ignore[index]
    assert parent["name"] == "parent" and child_names(parent) == ["orphan"]


def test_complete_document_wins_over_in_progress_in_either_order(store: TraceStore) -> None:
    in_progress = segment(ROOT, "svc", in_progress=True)
    del in_progress["end_time"]
    complete = segment(ROOT, "svc", end=105.0)
    store.put(in_progress)
    store.put(complete)
    store.put(in_progress)
    assert store.segments(TRACE)[0]["end_time"] == 105.0  # type: ignore[index]


def test_reading_does_not_mutate_the_store(store: TraceStore) -> None:
    store.put(segment(ROOT, "svc"))
    store.put(subsegment(HANDLER, ROOT, "sub"))
    first = store.segments(TRACE)
    first[0]["subsegments"].clear()  # type: ignore[index]
    assert child_names(store.segments(TRACE)[0]) == ["sub"]  # type: ignore[index]


def test_subsegment_cycle_does_not_loop(store: TraceStore) -> None:
    store.put(segment(ROOT, "svc"))
    store.put(subsegment(HANDLER, INNER, "a"))
    store.put(subsegment(INNER, HANDLER, "b"))
    assert child_names(store.segments(TRACE)[0]) == []  # type: ignore[index]


@pytest.mark.parametrize(
    ("doc", "fragment"),
    [
        ([], "JSON object"),
        ({"id": ROOT, "name": "x", "start_time": 1, "end_time": 2}, "trace_id"),
        (segment("XYZ", "x"), "16 hexadecimal"),
        ({**segment(ROOT, "x"), "trace_id": "1-abc"}, "invalid trace_id"),
        ({k: v for k, v in segment(ROOT, "x").items() if k != "end_time"}, "in_progress"),
        ({**segment(ROOT, "x"), "type": "subsegment"}, "parent_id"),
        ({**segment(ROOT, "x"), "start_time": "now"}, "start_time must be a number"),
    ],
)
def test_invalid_documents_are_refused(store: TraceStore, doc: object, fragment: str) -> None:
    with pytest.raises(InvalidDocument, match=fragment):
        store.put(doc)  # type: ignore[arg-type]
    assert store.trace_ids() == []


def test_oldest_traces_are_evicted_past_the_cap() -> None:
    small = TraceStore(max_traces=2)
    ids = [f"1-6740a1b2-{i:024x}" for i in range(3)]
    for trace_id in ids:
        small.put({**segment(ROOT, "svc"), "trace_id": trace_id})
    assert small.trace_ids() == ids[1:]
    assert small.segments(ids[0]) is None


def test_concurrent_writers_lose_nothing(store: TraceStore) -> None:
    store.put(segment(ROOT, "svc"))

    def write(worker: int) -> None:
        for i in range(50):
            store.put(subsegment(f"{worker:08x}{i:08x}", ROOT, f"w{worker}-{i}"))

    threads = [threading.Thread(target=write, args=(w,)) for w in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(store.segments(TRACE)[0]["subsegments"]) == 200  # type: ignore[index]
