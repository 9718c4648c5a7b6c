"""The trace walker against a recorded cold invoke whose SDK subsegments sit under Invocation."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from verifiers.lib import traces, wait

TRACE_ID = "1-6740a1b2-0123456789abcdef01234567"
SINCE = datetime(2024, 11, 21, 6, 22, tzinfo=timezone.utc)


def _summaries(*ids: str, token: str | None = None) -> dict:
    page: dict = {"TraceSummaries": [{"Id": i} for i in ids], "ApproximateTime": SINCE}
    if token:
        page["NextToken"] = token
    return page


def test_subsegments_under_invocation_are_found_with_their_phase(recorded):
    # GIVEN a recorded BatchGetTraces answer for a cold invoke
    answer = recorded("trace_cold_invoke.json")
    trace = traces.Trace(TRACE_ID, [json.loads(s["Document"]) for s in answer["Traces"][0]["Segments"]])

    # WHEN its subsegments are walked
    found = {s.name: s for s in trace.subsegments()}

    # THEN the phases themselves are not reported, the SDK subsegments are, under Invocation
    assert set(found) == {"## lambda_handler", "## basic_handler.get_todos", "S3"}
    assert {s.phase for s in found.values()} == {"Invocation"}
    assert found["## basic_handler.get_todos"].path == ("Invocation", "## lambda_handler", "## basic_handler.get_todos")
    assert found["## lambda_handler"].annotations["ColdStart"] is True
    assert found["## basic_handler.get_todos"].metadata("svc-run1-tracer") == {
        "basic_handler.get_todos response": [{"id": 0, "completed": False}]
    }
    assert found["S3"].metadata("svc-run1-tracer") == {}
    assert trace.phases() == ["Initialization", "Invocation", "Overhead"]


def test_annotation_match_is_strict_about_types(recorded):
    # GIVEN the recorded trace, ColdStart annotated True
    answer = recorded("trace_cold_invoke.json")
    trace = traces.Trace(TRACE_ID, [json.loads(s["Document"]) for s in answer["Traces"][0]["Segments"]])

    # WHEN/THEN True matches, 1 and "true" do not
    assert [s.name for s in traces.annotated([trace], "ColdStart", True)] == ["## lambda_handler"]
    assert traces.annotated([trace], "ColdStart", 1) == []
    assert traces.annotated([trace], "ColdStart", "true") == []
    assert len(traces.with_metadata([trace], "svc-run1-tracer", "lambda_handler response")) == 1


def test_summaries_are_paginated_and_documents_fetched_five_ids_at_a_time(stubbed, recorded):
    # GIVEN seven matching traces over two summary pages; only the recorded one has documents
    client, stub = stubbed("xray")
    ids = [TRACE_ID] + [f"1-6740a1b2-{n:024x}" for n in range(1, 7)]
    stub.add_response("get_trace_summaries", _summaries(*ids[:4], token="page2"))
    stub.add_response("get_trace_summaries", _summaries(*ids[4:]))
    stub.add_response("batch_get_traces", recorded("trace_cold_invoke.json"), {"TraceIds": ids[:5]})
    stub.add_response("batch_get_traces", {"Traces": [], "UnprocessedTraceIds": ids[5:]}, {"TraceIds": ids[5:]})

    # WHEN the library lists and fetches them
    listed = traces.trace_ids(client, 'service("e2e-run1-tracer-basic-handler")', SINCE)
    fetched = traces.batch_get(client, listed)

    # THEN every id from both pages was asked for, in batches of five
    assert listed == ids
    assert [t.id for t in fetched] == [TRACE_ID]
    assert [s.get("origin") for s in fetched[0].segments] == ["AWS::Lambda", "AWS::Lambda::Function"]


def test_a_malformed_segment_document_fails_with_the_schema_problem(stubbed):
    # GIVEN a segment without start_time and with a bad id
    client, stub = stubbed("xray")
    document = {"id": "nothex", "name": "fn", "end_time": 1.0}
    stub.add_response(
        "batch_get_traces",
        {"Traces": [{"Id": TRACE_ID, "Segments": [{"Id": "x", "Document": json.dumps(document)}]}]},
    )

    # WHEN/THEN fetching it fails naming both problems
    with pytest.raises(AssertionError) as failure:
        traces.batch_get(client, [TRACE_ID])
    assert "'start_time' is a required property" in str(failure.value)
    assert "$.id" in str(failure.value)


def test_waiting_for_traces_names_expected_and_seen_subsegments(recorded, local_target, monkeypatch):
    # GIVEN X-Ray keeps answering with one trace holding one ## lambda_handler, and a short budget
    answer = recorded("trace_cold_invoke.json")
    trace = traces.Trace(TRACE_ID, [json.loads(s["Document"]) for s in answer["Traces"][0]["Segments"]])
    monkeypatch.setattr(traces, "trace_ids", lambda *_: [TRACE_ID])
    monkeypatch.setattr(traces, "batch_get", lambda *_: [trace])
    monkeypatch.setitem(wait.BUDGETS["local"], "traces", wait.Budget(0.2, 0.05, 0.05, 0))

    # WHEN the caller waits for two of them
    with pytest.raises(AssertionError) as failure:
        traces.wait_for_traces(
            object(),
            'service("fn")',
            SINCE,
            "2 x '## lambda_handler'",
            lambda got: len(traces.named(got, "## lambda_handler")) >= 2,
        )

    # THEN the failure says what was expected and the subsegment paths last seen
    message = str(failure.value)
    assert "expected 2 x '## lambda_handler'" in message
    assert "Invocation/## lambda_handler/## basic_handler.get_todos" in message
