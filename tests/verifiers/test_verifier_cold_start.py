"""force_cold_start: one reserved variable changes, every other one stays, and the update is awaited."""

from __future__ import annotations

import pytest
from botocore.stub import ANY

from verifiers.lib import cold_start, wait

FN = "e2e-run1-logger-BasicHandler"


def _config(status: str, variables: dict[str, str]) -> dict:
    return {"FunctionName": FN, "LastUpdateStatus": status, "Environment": {"Variables": variables}}


def test_sets_a_new_token_keeps_the_other_variables_and_waits_until_successful(stubbed, local_target):
    client, stub = stubbed("lambda")
    kept = {"POWERTOOLS_SERVICE_NAME": "svc", cold_start.TOKEN_VARIABLE: "old"}
    stub.add_response("get_function_configuration", _config("Successful", kept), {"FunctionName": FN})
    stub.add_response(
        "update_function_configuration",
        _config("InProgress", kept),
        {"FunctionName": FN, "Environment": {"Variables": ANY}},
    )
    stub.add_response("get_function_configuration", _config("InProgress", kept), {"FunctionName": FN})
    stub.add_response("get_function_configuration", _config("Successful", kept), {"FunctionName": FN})
    sent: list[dict] = []
    client.meta.events.register(
        "provide-client-params.lambda.UpdateFunctionConfiguration", lambda params, **_: sent.append(params)
    )

    token = cold_start.force_cold_start(client, FN)

    [update] = sent
    assert update["Environment"]["Variables"] == {"POWERTOOLS_SERVICE_NAME": "svc", cold_start.TOKEN_VARIABLE: token}
    assert token != "old"


def test_an_update_that_never_succeeds_fails_naming_the_status(stubbed, local_target, monkeypatch):
    client, stub = stubbed("lambda")
    monkeypatch.setitem(wait.BUDGETS["local"], "update", wait.Budget(0, 0.01, 0.01, 0))  # one poll
    stub.add_response("get_function_configuration", _config("Failed", {}), {"FunctionName": FN})

    with pytest.raises(AssertionError, match="LastUpdateStatus Failed"):
        cold_start.force_cold_start(client, FN)
