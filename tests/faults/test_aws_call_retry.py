"""The retry policy: transient AWS errors are retried within a budget, others fail at once."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError, EndpointConnectionError

from scripts.cleanup import retry as awsretry


def client_error(code: str, status: int = 400) -> ClientError:
    return ClientError({"Error": {"Code": code, "Message": code}, "ResponseMetadata": {"HTTPStatusCode": status}}, "Op")


class Flaky:
    """Fails with the given errors in turn, then answers 'done'."""

    def __init__(self, *errors: Exception) -> None:
        self.errors, self.calls = list(errors), 0

    def __call__(self) -> str:
        self.calls += 1
        if self.errors:
            raise self.errors.pop(0)
        return "done"


@pytest.mark.parametrize(
    "error",
    [
        client_error("ThrottlingException"),
        client_error("TooManyRequestsException", 429),
        client_error("SomethingNew", 503),
        EndpointConnectionError(endpoint_url="http://127.0.0.1:9"),
    ],
)
def test_transient_errors_are_retried_until_success(error: Exception) -> None:
    flaky = Flaky(error)

    assert awsretry.call("list things", flaky) == "done"
    assert flaky.calls == 2


def test_other_errors_fail_at_once() -> None:
    flaky = Flaky(client_error("AccessDeniedException", 403))

    with pytest.raises(ClientError, match="AccessDeniedException"):
        awsretry.call("list things", flaky)
    assert flaky.calls == 1


def test_exhausted_budget_says_what_was_tried(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("E2E_RETRY_ATTEMPTS", "2")
    flaky = Flaky(*[client_error("Throttling")] * 5)

    with pytest.raises(awsretry.RetriesExhausted, match=r"list things: gave up after 2 attempts .*Throttling"):
        awsretry.call("list things", flaky)
    assert flaky.calls == 2
