"""How Lambda reads a partial batch response (ReportBatchItemFailures), per
AWS's success and failure conditions for SQS event sources."""
from __future__ import annotations

import pytest

from localcloud.sqs.event import failed_message_ids

BATCH = {"id-1", "id-2", "id-3"}


@pytest.mark.parametrize("payload", [b"", b"null", b"{}", b'{"batchItemFailures": null}',
                                     b'{"batchItemFailures": []}'])
def test_an_empty_or_null_response_means_every_message_succeeded(payload: bytes) -> None:
    assert failed_message_ids(payload, BATCH) == set()


def test_listed_item_identifiers_are_the_only_failures() -> None:
    payload = b'{"batchItemFailures": [{"itemIdentifier": "id-2"}, {"itemIdentifier": "id-3"}]}'
    assert failed_message_ids(payload, BATCH) == {"id-2", "id-3"}


@pytest.mark.parametrize("payload", [
    b"not json",
    b'"a string"',
    b'{"batchItemFailures": "id-1"}',
    b'{"batchItemFailures": [{"itemIdentifier": ""}]}',
    b'{"batchItemFailures": [{"itemIdentifier": null}]}',
    b'{"batchItemFailures": [{"itemId": "id-1"}]}',
    b'{"batchItemFailures": [{"itemIdentifier": "not-in-the-batch"}]}',
])
def test_a_malformed_response_fails_the_whole_batch(payload: bytes) -> None:
    assert failed_message_ids(payload, BATCH) == BATCH
