"""Tracer suite: Powertools subsegments, annotations and metadata reach X-Ray intact."""

from __future__ import annotations

from verifiers.lib import traces
from verifiers.lib.cold_start import force_cold_start
from verifiers.lib.invoke import invoke


def _query(function: str, test_id: str) -> str:
    return f'service("{function}") AND annotation.test_id = "{test_id}"'


def _invoke_once_and_trace(clients, function: str, arn: str, test_id: str, names: list[str]) -> list:
    """One invoke tagged with test_id, then its trace once it holds every `## <name>` subsegment."""
    invocation = invoke(clients.lambda_, arn, {"test_id": test_id})
    return traces.wait_for_traces(
        clients.xray,
        _query(function, test_id),
        invocation.started,
        " and ".join(f"subsegment ## {name}" for name in names),
        lambda got: all(traces.named(got, f"## {name}") for name in names),
    )


def test_handler_and_method_are_captured_with_one_cold_start(outputs, clients, unique):
    # GIVEN a function whose next invoke starts cold (also on a rerun) and an annotation value unique to this test
    function, arn, service = outputs["BasicHandler"], outputs["BasicHandlerArn"], outputs["ServiceName"]
    force_cold_start(clients.lambda_, function)
    test_id = unique("t")
    handler, method = "## lambda_handler", "## basic_handler.get_todos"

    # WHEN it is invoked twice
    first = invoke(clients.lambda_, arn, {"test_id": test_id})
    invoke(clients.lambda_, arn, {"test_id": test_id})

    # THEN two traces hold the handler and method subsegments once each, inside Invocation
    found = traces.wait_for_traces(
        clients.xray,
        _query(function, test_id),
        first.started,
        f"2 x {handler!r} and 2 x {method!r}",
        lambda got: len(traces.named(got, handler)) >= 2 and len(traces.named(got, method)) >= 2,
    )
    assert len(found) == 2, [traces.summarize(t) for t in found]
    for trace in found:
        assert [s.name for s in trace.subsegments()].count(handler) == 1, traces.summarize(trace)
        assert [s.name for s in trace.subsegments()].count(method) == 1, traces.summarize(trace)
    handlers, methods = traces.named(found, handler), traces.named(found, method)
    assert {s.phase for s in handlers + methods} == {"Invocation"}, [s.path for s in handlers + methods]
    assert all(s.path[-2] == handler for s in methods), [s.path for s in methods]
    # AND exactly one handler subsegment says ColdStart true, the other false
    assert len(traces.annotated(found, "ColdStart", True)) == 1, [s.annotations for s in handlers]
    assert len(traces.annotated(found, "ColdStart", False)) == 1, [s.annotations for s in handlers]
    assert all(s.annotations.get("Service") == service for s in handlers), [s.annotations for s in handlers]
    # AND the cold trace is the one whose function segment has an Initialization phase
    cold = [bool(traces.annotated([t], "ColdStart", True)) for t in found]
    assert ["Initialization" in t.phases() for t in found] == cold, [t.phases() for t in found]
    # AND both responses are metadata under the service namespace
    assert len(traces.with_metadata(found, service, "lambda_handler response")) == 2
    responses = traces.with_metadata(found, service, "basic_handler.get_todos response")
    assert [s.metadata(service)["basic_handler.get_todos response"] for s in responses] == [
        [{"id": i, "completed": False} for i in range(3)]
    ] * 2


def test_same_named_methods_of_two_classes_stay_distinct(outputs, clients, unique):
    # GIVEN two classes whose captured methods are both called get_all
    function, arn, service = outputs["SameFunctionName"], outputs["SameFunctionNameArn"], outputs["ServiceName"]
    test_id = unique("t")
    todos, comments = "same_function_name.Todos.get_all", "same_function_name.Comments.get_all"

    # WHEN the function calls both
    found = _invoke_once_and_trace(clients, function, arn, test_id, [todos, comments])

    # THEN each has its own subsegment and its own response metadata
    assert len(found) == 1, [traces.summarize(t) for t in found]
    for name in (todos, comments):
        assert len(traces.named(found, f"## {name}")) == 1, traces.summarize(found[0])
        [meta] = traces.with_metadata(found, service, f"{name} response")
        assert meta.name == f"## {name}"
    assert traces.with_metadata(found, service, f"{todos} response")[0].metadata(service)[f"{todos} response"] == [
        "todo"
    ]


def test_async_method_is_captured(outputs, clients, unique):
    # GIVEN a coroutine decorated with capture_method
    function, arn, service = outputs["AsyncCapture"], outputs["AsyncCaptureArn"], outputs["ServiceName"]
    test_id = unique("t")
    name = "async_capture.async_get_users"

    # WHEN the handler runs it
    found = _invoke_once_and_trace(clients, function, arn, test_id, [name])

    # THEN the coroutine has its subsegment, inside the handler's, with its response as metadata
    [segment] = traces.named(found, f"## {name}")
    assert segment.path[-2] == "## lambda_handler", segment.path
    assert segment.metadata(service)[f"{name} response"] == [{"id": 0}, {"id": 1}]
