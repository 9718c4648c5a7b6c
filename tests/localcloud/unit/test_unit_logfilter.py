"""CloudWatch Logs filter patterns: each syntax form, its non-matches, and bad syntax."""

import json

import pytest

from localcloud.logs.filter_pattern import InvalidFilterPattern, compile_pattern

POWERTOOLS_LINE = json.dumps(
    {
        "level": "INFO",
        "location": "handler:12",
        "message": "order placed",
        "service": "payment",
        "cold_start": True,
        "function_request_id": "c6af9ac6-7b61-11e6-9a41-93e812345678",
        "xray_trace_id": None,
        "latency": 250,
        "ratio": 0.75,
        "tags": ["a", "b"],
        "items": [{"id": 1, "sku": "X-1"}, {"id": 2, "sku": "Y-2"}],
        "source": {"ip": "123.123.4.5", "port": 443},
    }
)
PLATFORM_LINE = "START RequestId: 8f5 Version: $LATEST"


def matches(pattern: str, message: str) -> bool:
    return compile_pattern(pattern)(message)


@pytest.mark.parametrize("pattern", ["", "   ", None])
def test_empty_pattern_matches_everything(pattern: str | None) -> None:
    assert compile_pattern(pattern)("anything at all")


@pytest.mark.parametrize(
    ("pattern", "message", "expected"),
    [
        ("ERROR", "2024 [ERROR] disk full", True),
        ("ERROR", "2024 [error] disk full", False),  # case-sensitive
        ("ERROR disk", "ERROR: disk full", True),  # AND
        ("ERROR memory", "ERROR: disk full", False),
        ('"disk full"', "ERROR: disk full", True),  # phrase
        ('"full disk"', "ERROR: disk full", False),
        ("?ERROR ?WARN", "WARN low disk", True),  # OR
        ("?ERROR ?WARN", "INFO all good", False),
        ("ERROR -disk", "ERROR: disk full", False),  # exclusion
        ("ERROR -memory", "ERROR: disk full", True),
        ('ERROR -"disk full"', "ERROR: disk full", False),
        ("?ERROR timeout ?WARN", "ERROR but no t-word", False),  # group (ERROR AND timeout)
        ("?ERROR timeout ?WARN", "ERROR timeout", True),
        ("?ERROR timeout ?WARN", "WARN only", True),
        ("RequestId", PLATFORM_LINE, True),
        ('"say \\"hi\\""', 'they say "hi" twice', True),
    ],
)
def test_text_terms(pattern: str, message: str, expected: bool) -> None:
    assert matches(pattern, message) is expected


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ('{ $.service = "payment" }', True),
        ('{ $.service = "Payment" }', False),  # case-sensitive
        ("{ $.service = payment }", True),  # bare string
        ('{ $.service != "payment" }', False),
        ('{ $.service != "billing" }', True),
        ('{ $.service = "pay*" }', True),  # wildcard
        ('{ $.service = "*ment" }', True),
        ('{ $.service = "bill*" }', False),
        ("{ $.source.ip = 123.123.* }", True),
        ("{ $.source.ip != 123.123.* }", False),
        ("{ $.source.port = 443 }", True),  # nested number
        ("{ $.source.port = 80 }", False),
        ("{ $.latency > 200 }", True),
        ("{ $.latency > 250 }", False),
        ("{ $.latency >= 250 }", True),
        ("{ $.latency < 250 }", False),
        ("{ $.latency <= 250 }", True),
        ("{ $.latency != 250 }", False),
        ("{ $.latency = 2.5e2 }", True),
        ("{ $.ratio < 1 }", True),
        ('{ $.latency = "250" }', True),  # string comparison sees the JSON text
        ("{ $.service > 3 }", False),  # a string is never a number
        ('{ $.tags[0] = "a" }', True),
        ('{ $.tags[1] = "a" }', False),
        ('{ $.tags[5] = "a" }', False),
        ("{ $.items[1].id = 2 }", True),
        ('{ $.items[0].sku = "Y*" }', False),
        ("{ $.cold_start IS TRUE }", True),
        ("{ $.cold_start IS FALSE }", False),
        ("{ $.xray_trace_id IS NULL }", True),
        ("{ $.service IS NULL }", False),
        ("{ $.missing NOT EXISTS }", True),
        ("{ $.service NOT EXISTS }", False),
        ('{ $.missing = "*" }', False),  # a missing key never compares
        ('{ $.missing != "x" }', False),
        ('{ $.service = "*" }', True),
        ('{ $.service = "payment" && $.latency > 100 }', True),
        ('{ $.service = "payment" && $.latency > 900 }', False),
        ('{ $.service = "billing" || $.latency > 100 }', True),
        ('{ $.service = "billing" || $.latency > 900 }', False),
        ('{ ($.service = "billing" || $.level = "INFO") && $.latency = 250 }', True),
        ('{ $.service = "billing" || ($.level = "INFO" && $.latency = 1) }', False),
        (
            '{ $.service = "billing" || $.level = "INFO" && $.latency = 1 }',
            False,
        ),  # && binds tighter
        ("{ $.message = %order\\s+pl% }", True),  # regex
        ("{ $.message = %^placed% }", False),
        ('{$.level="INFO"&&$.latency>1}', True),  # no spaces
    ],
)
def test_json_patterns(pattern: str, expected: bool) -> None:
    assert matches(pattern, POWERTOOLS_LINE) is expected


@pytest.mark.parametrize(
    "pattern",
    ['{ $.level = "INFO" }', "{ $.missing NOT EXISTS }", '{ $.x != "y" }', '{ $.x = "*" }'],
)
def test_json_pattern_never_matches_non_json(pattern: str) -> None:
    assert not matches(pattern, PLATFORM_LINE)
    assert not matches(pattern, '{"level": "INFO"')  # truncated JSON


def test_json_pattern_on_array_and_scalar_documents() -> None:
    assert matches('{ $[1] = "b" }', '["a", "b"]')
    assert not matches('{ $.level = "INFO" }', '"INFO"')


@pytest.mark.parametrize(
    ("pattern", "fragment"),
    [
        ('{ $.level = "INFO"', "must end with '}'"),
        ("{ }", "empty JSON pattern"),
        ('{ level = "INFO" }', "expected a selector"),
        ("{ $.level }", "pattern ends where an operator"),
        ('{ $.level "INFO" }', "expected an operator"),
        ('{ $.level = "INFO" && }', "pattern ends"),
        ('{ ($.level = "INFO" }', "pattern ends where ')'"),
        ('{ $.level = "INFO") }', "unexpected ')'"),
        ('{ $.latency > "x" }', "needs a number"),
        ("{ $.level IS MAYBE }", "TRUE, FALSE or NULL"),
        ("{ $.level NOT THERE }", "EXISTS after NOT"),
        ('{ $.a[x] = "1" }', "array index"),
        ('{ $..a = "1" }', "empty key"),
        ('{ $.a = "unterminated }', "unterminated quoted"),
        ("{ $.a = %open }", "unterminated %regex%"),
        ("{ $.a = %(% }", "bad regex"),
        ('"unterminated', "unterminated quoted"),
        ("ERROR}", "unexpected '}'"),
        ("[ip, user]", "space-delimited"),
    ],
)
def test_bad_syntax_raises_with_reason(pattern: str, fragment: str) -> None:
    with pytest.raises(InvalidFilterPattern) as info:
        compile_pattern(pattern)
    assert fragment in str(info.value)
