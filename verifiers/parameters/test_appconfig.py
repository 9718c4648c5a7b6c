"""Parameters suite, AppConfig part: the deployed hosted profile read with get_app_config."""

from __future__ import annotations

from verifiers.lib.invoke import invoke


def test_deployed_profile_is_read_and_parsed_as_json(outputs, clients):
    # GIVEN a hosted JSON profile deployed to the function's environment
    expected = outputs["AppConfigContent"]

    # WHEN the function reads it with get_app_config(transform="json")
    got = invoke(clients.lambda_, outputs["AppConfigArn"], {}).payload

    # THEN it returns the deployed document
    assert got == expected
