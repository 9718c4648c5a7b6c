"""Idempotency suite: DynamoDBPersistenceLayer records, replays, expiry, races, timeouts, validation."""

from __future__ import annotations

import hashlib
import json
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from verifiers.lib.invoke import invoke
from verifiers.lib.wait import Budget, wait_until

# Long enough for a cold start on a busy machine (Lambda's own init limit is 10 s), on any target.
_BODY_STARTED = Budget(deadline_s=60, first_poll_s=0.05, max_poll_s=0.5, jitter_s=0)


def record_id(function: str, module: str, key_data: Any) -> str:
    """The key Powertools stores: `<function>.<module>.lambda_handler#<md5 of the sorted JSON key data>`."""
    digest = hashlib.md5(json.dumps(key_data, sort_keys=True).encode()).hexdigest()
    return f"{function}.{module}.lambda_handler#{digest}"


def get_record(clients, table: str, key: str) -> dict[str, Any] | None:
    item = clients.dynamodb.get_item(TableName=table, Key={"id": {"S": key}}, ConsistentRead=True).get("Item")
    return {name: next(iter(value.values())) for name, value in item.items()} if item else None


def test_same_payload_runs_the_body_once_and_replays_its_result(outputs, clients, unique):
    # GIVEN an idempotent function and a payload unique to this test
    function, arn, table = outputs["BasicHandler"], outputs["BasicHandlerArn"], outputs["IdempotencyTable"]
    event = {"message": unique("order")}

    # WHEN it is invoked twice with that payload, then once with another
    first = invoke(clients.lambda_, arn, event).payload
    second = invoke(clients.lambda_, arn, event).payload
    other = invoke(clients.lambda_, arn, {"message": unique("order")}).payload

    # THEN the second call returns the first result, made once by the body
    assert second == first
    assert other["execution_id"] != first["execution_id"]
    # AND the table holds one completed record for the payload, carrying that result
    record = get_record(clients, table, record_id(function, "basic_handler", event))
    assert record is not None, "no idempotency record for the payload"
    assert record["status"] == "COMPLETED"
    assert json.loads(record["data"]) == first
    assert int(record["expiration"]) > time.time()


def test_expired_record_lets_the_body_run_again(outputs, clients, unique):
    # GIVEN a function whose records expire after two seconds, and one completed call
    function, arn, table = outputs["TtlExpiry"], outputs["TtlExpiryArn"], outputs["IdempotencyTable"]
    event = {"message": unique("ttl")}
    first = invoke(clients.lambda_, arn, event).payload
    assert invoke(clients.lambda_, arn, event).payload == first
    key = record_id(function, "ttl_expiry", event)
    expiration = int(get_record(clients, table, key)["expiration"])

    # WHEN the record's expiration has passed (Powertools compares whole seconds)
    wait_until(
        "update", f"the clock past expiration {expiration}", time.time, lambda now: now >= expiration + 1,
        budget_override=Budget(deadline_s=30, first_poll_s=0.1, max_poll_s=0.5, jitter_s=0),
    )
    again = invoke(clients.lambda_, arn, event).payload

    # THEN the body ran again and its new result replaced the record
    assert again["execution_id"] != first["execution_id"]
    record = get_record(clients, table, key)
    assert json.loads(record["data"]) == again
    assert int(record["expiration"]) > expiration


def test_concurrent_duplicate_is_rejected_while_in_progress(outputs, clients, unique):
    # GIVEN a first call that stays in progress until this test releases it
    function, arn, table = outputs["ConcurrentDuplicate"], outputs["ConcurrentDuplicateArn"], outputs["IdempotencyTable"]
    order_id, release_id = unique("order"), unique("release")
    event = {"order_id": order_id, "release_id": release_id}
    key = record_id(function, "concurrent_duplicate", order_id)
    with ThreadPoolExecutor(max_workers=1) as pool:
        first = pool.submit(invoke, clients.lambda_, arn, event)
        wait_until(
            "update", f"record {key} in progress", lambda: get_record(clients, table, key),
            lambda record: bool(record) and record["status"] == "INPROGRESS", budget_override=_BODY_STARTED,
        )

        # WHEN a duplicate arrives meanwhile
        duplicate = invoke(clients.lambda_, arn, event, allow_error=True)
        clients.dynamodb.put_item(TableName=table, Item={"id": {"S": release_id}})
        completed = first.result()

    # THEN the duplicate fails with IdempotencyAlreadyInProgressError and the first call completes
    assert duplicate.function_error == "Unhandled", duplicate.payload
    assert duplicate.payload.get("errorType") == "IdempotencyAlreadyInProgressError", duplicate.payload
    assert completed.payload["released"] is True, "the first call gave up waiting for its release"
    # AND a later duplicate gets the stored result
    assert invoke(clients.lambda_, arn, event).payload == completed.payload


def test_timed_out_call_releases_its_record(outputs, clients, unique):
    # GIVEN a call that outlives the function's timeout
    function, arn, table = outputs["TimeoutHandler"], outputs["TimeoutHandlerArn"], outputs["IdempotencyTable"]
    order_id = unique("order")
    key = record_id(function, "timeout_handler", order_id)
    timed_out = invoke(clients.lambda_, arn, {"order_id": order_id, "hang": True}, allow_error=True)
    assert timed_out.function_error, timed_out.payload
    assert "Task timed out after" in timed_out.payload["errorMessage"], timed_out.payload
    # AND its record stays in progress only until the invocation's deadline
    stale = get_record(clients, table, key)
    assert stale is not None and stale["status"] == "INPROGRESS", stale
    assert int(stale["in_progress_expiration"]) <= time.time() * 1000

    # WHEN the same order is retried
    retried = invoke(clients.lambda_, arn, {"order_id": order_id})

    # THEN the body runs and completes the record instead of reporting it in progress
    assert retried.payload["order_id"] == order_id
    record = get_record(clients, table, key)
    assert record["status"] == "COMPLETED" and json.loads(record["data"]) == retried.payload


def test_tampered_payload_fails_validation(outputs, clients, unique):
    # GIVEN a completed call for an order of amount 10
    function, arn, table = outputs["PayloadValidation"], outputs["PayloadValidationArn"], outputs["IdempotencyTable"]
    order_id = unique("order")
    original = invoke(clients.lambda_, arn, {"order_id": order_id, "amount": 10}).payload

    # WHEN the same order arrives with another amount, then with the original one
    tampered = invoke(clients.lambda_, arn, {"order_id": order_id, "amount": 99}, allow_error=True)
    replayed = invoke(clients.lambda_, arn, {"order_id": order_id, "amount": 10}).payload

    # THEN the tampered call fails with IdempotencyValidationError and the record keeps the original result
    assert tampered.payload.get("errorType") == "IdempotencyValidationError", tampered.payload
    assert replayed == original
    record = get_record(clients, table, record_id(function, "payload_validation", order_id))
    assert json.loads(record["data"]) == original
    assert record["validation"] == hashlib.md5(json.dumps(10).encode()).hexdigest()
