"""Parameters suite: SSM parameters by name and a Secrets Manager secret, read as deployed."""

from __future__ import annotations

import json

from verifiers.lib.invoke import invoke


def test_ten_parameters_come_back_in_one_call_and_a_missing_one_is_reported(outputs, clients, unique):
    # GIVEN the ten deployed parameters and a name under the same path that does not exist
    expected = outputs["Parameters"]
    assert len(expected) == 10, expected
    missing = f"{outputs['ParameterPath']}/{unique('missing')}"

    # WHEN the function fetches all eleven with get_parameters_by_name(raise_on_error=False)
    got = invoke(clients.lambda_, outputs["SsmByNameArn"], {"names": [*expected, missing]}).payload

    # THEN the ten values are returned by name and the missing one is listed under _errors
    assert got.pop("_errors") == [missing]
    assert got == expected


def test_secret_is_read_and_parsed_as_json(outputs, clients):
    # GIVEN the deployed secret, as Secrets Manager holds it
    stored = clients.secretsmanager.get_secret_value(SecretId=outputs["SecretName"])["SecretString"]

    # WHEN the function reads it with get_secret(transform="json")
    got = invoke(clients.lambda_, outputs["SecretReaderArn"], {}).payload

    # THEN it returns the parsed document
    assert got == json.loads(stored)
    assert set(got) == {"username", "api_key"}
