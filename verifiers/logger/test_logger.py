"""Logger suite: structured records with the Lambda context, and timestamp formatting."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from verifiers.lib import logs
from verifiers.lib.cold_start import force_cold_start
from verifiers.lib.invoke import invoke

# Keys inject_lambda_context adds to every record (Powertools' LOGGER_LAMBDA_CONTEXT_KEYS).
LAMBDA_CONTEXT_KEYS = (
    "function_arn",
    "function_memory_size",
    "function_name",
    "function_request_id",
    "cold_start",
    "xray_trace_id",
)


def test_two_invokes_give_two_records_with_context_and_one_cold_start(outputs, clients, unique):
    # GIVEN a function whose next invoke starts cold (also on a rerun) and a key unique to this test
    function, arn, service = outputs["BasicHandler"], outputs["BasicHandlerArn"], outputs["ServiceName"]
    force_cold_start(clients.lambda_, function)
    order_id = unique("order")
    event = {"message": "logs should be visible", "append_keys": {"order_id": order_id}}

    # WHEN it is invoked twice
    first = invoke(clients.lambda_, arn, event)
    second = invoke(clients.lambda_, arn, event)

    # THEN exactly two records carry the key, one per invoke, and only the first is cold
    found = logs.wait_for_records(clients.logs, function, f'{{ $.order_id = "{order_id}" }}', first.started, 2)
    assert len(found) == 2, found
    assert sorted(r["function_request_id"] for r in found) == sorted([first.request_id, second.request_id])
    assert [r["cold_start"] for r in found].count(True) == 1, found
    for record in found:
        missing = [k for k in LAMBDA_CONTEXT_KEYS if k not in record]
        assert not missing, f"record lacks {missing}: {record}"
        assert record["function_name"] == function
        assert record["function_arn"] == arn
        assert record["service"] == service
        assert record["message"] == "logs should be visible"
        assert record["level"] == "INFO", "DEBUG is below the default level and must not be logged"


# Powertools' default datefmt is "%Y-%m-%d %H:%M:%S,%F%z" (%F: milliseconds).
DEFAULT_DATEFMT = "%Y-%m-%d %H:%M:%S,%f%z"


@pytest.mark.parametrize("tz", ["US/Eastern", "UTC", "Asia/Shanghai"])
@pytest.mark.parametrize("utc", [False, True])
@pytest.mark.parametrize("datefmt", [None, "%Y-%m-%dT%H:%M:%S%z"])
def test_timestamps_follow_utc_or_local_time(outputs, clients, unique, tz, utc, datefmt):
    # GIVEN a case name unique to this run and a time zone for the environment
    function, arn = outputs["TzHandler"], outputs["TzHandlerArn"]
    case = unique("tz")

    # WHEN the function logs once with utc on or off
    invocation = invoke(clients.lambda_, arn, {"case": case, "tz": tz, "utc": utc, "datefmt": datefmt})

    # THEN the formatter converts with gmtime for utc and localtime otherwise, the offset is
    # UTC's or the zone's, and the stamp is the instant of the invoke
    found = logs.wait_for_records(clients.logs, function, f'{{ $.case = "{case}" }}', invocation.started, 1)
    assert len(found) == 1, found
    record = found[0]
    assert record["message"] == ("gmtime_converter" if utc else "localtime_converter")
    assert record["service"] == f"{outputs['ServiceName']}.{case}"
    stamp = record["timestamp"]
    logged = datetime.strptime(stamp, datefmt or DEFAULT_DATEFMT)
    expected_offset = timedelta(0) if utc else invocation.started.astimezone(ZoneInfo(tz)).utcoffset()
    assert logged.utcoffset() == expected_offset, f"{stamp}: offset should be {expected_offset}"
    assert abs(logged - invocation.started) < timedelta(minutes=1), f"{stamp} is not the time of the invoke"
