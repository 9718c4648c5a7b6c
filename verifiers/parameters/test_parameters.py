"""Parameters suite: SSM parameters by name and a Secrets Manager secret, read as deployed."""

from __future__ import annotations

import json

from verifiers.lib.invoke import invoke


def test_ten_parameters_come_back_in_one_call_and_a_missing_one_is_reported(outputs, clients, unique):
    # GIVEN the ten deployed parameters, some stored encrypted, and a missing name under the same path
    expected, secure = outputs["Parameters"], outputs["SecureParameterNames"]
    assert len(expected) == 10 and secure, (expected, secure)
    for name in secure:
        assert clients.ssm.get_parameter(Name=name)["Parameter"]["Value"] != expected[name], f"{name} is not encrypted"
    missing = f"{outputs['ParameterPath']}/{unique('missing')}"
    request = {name: {"decrypt": name in secure} for name in expected} | {missing: {}}

    # WHEN the function fetches all eleven with get_parameters_by_name(raise_on_error=False)
    got = invoke(clients.lambda_, outputs["SsmByNameArn"], {"parameters": request}).payload

    # THEN the ten plain-text values are returned by name and the missing one is listed under _errors
    assert got.pop("_errors", None) == [missing]
    assert got == expected


def test_secret_is_read_and_parsed_as_json(outputs, clients):
    # GIVEN the deployed secret, as Secrets Manager holds it
    stored = clients.secretsmanager.get_secret_value(SecretId=outputs["SecretName"])["SecretString"]

    # WHEN the function reads it with get_secret(transform="json")
    got = invoke(clients.lambda_, outputs["SecretReaderArn"], {}).payload

    # THEN it returns the parsed document
    assert got == json.loads(stored)
    assert set(got) == {"username", "api_key"}
