"""X-Ray filter expressions: every supported form, and a named error for the rest."""

import pytest

from localcloud.xray.filterexpr import TraceFacts, UnsupportedFilter, compile_filter

FN_ARN = "arn:aws:lambda:us-east-1:123456789012:function:orders-handler"


def facts() -> TraceFacts:
    return TraceFacts(
        services={
            ("orders-handler", "AWS::Lambda"),
            ("orders-handler", "AWS::Lambda::Function"),
            ("DynamoDB", None),
        },
        resource_arns={FN_ARN},
        annotations={
            "ColdStart": [True],
            "Service": ["payment"],
            "attempt": [3],
            "key-id": ["abc-1"],
        },
        flags={"ok": False, "error": False, "fault": True, "throttle": False},
        numbers={"duration": 1.5, "responsetime": 1.2, "http.status": 200},
        texts={"http.url": "https://api.example.com/orders", "http.method": "POST"},
    )


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("", True),
        ('service("orders-handler")', True),
        ('service("other")', False),
        ('service("DynamoDB")', True),  # inferred node from an aws-namespace subsegment
        ('service(id(name: "orders-handler", type: "AWS::Lambda::Function"))', True),
        ('service(id(name: "orders-handler", type: "AWS::S3::Bucket"))', False),
        ('service(id(type: "AWS::Lambda", name: "orders-handler"))', True),
        ('id(name: "orders-handler", type: "AWS::Lambda")', True),
        ('id(name: "nope", type: "AWS::Lambda")', False),
        ('id(name: "orders-handler")', True),
        (f'resource.arn = "{FN_ARN}"', True),
        ('resource.arn = "arn:aws:lambda:us-east-1:123456789012:function:other"', False),
        ('resource.arn != "x"', True),
        ('resource.arn ENDSWITH ":function:orders-handler"', True),
        ('resource.arn ENDSWITH ":function:orders"', False),
        ('resource.arn BEGINSWITH "arn:aws:lambda:"', True),
        ('resource.arn CONTAINS "orders"', True),
        ('resource.arn contains "ORDERS"', False),  # operators any case, values case-sensitive
        ('annotation.Service = "payment"', True),
        ('annotation.Service = "billing"', False),
        ('annotation.Service != "billing"', True),
        ('annotation.missing != "billing"', False),  # needs the annotation
        ('annotation[Service] = "payment"', True),
        ('annotation["key-id"] BEGINSWITH "abc"', True),
        ("annotation.ColdStart = true", True),
        ("annotation.ColdStart = false", False),
        ("annotation.ColdStart != false", True),
        ("annotation.attempt = 3", True),
        ("annotation.attempt > 2", True),
        ("annotation.attempt >= 4", False),
        ("annotation.attempt < 3.5", True),
        ('annotation.attempt = "3"', False),  # a number annotation is not a string
        ('annotation.ColdStart = "true"', False),
        ("fault", True),
        ("fault = false", False),
        ("ok", False),
        ("error = false", True),
        ("duration > 1", True),
        ("responsetime >= 2", False),
        ("http.status = 200", True),
        ('http.method = "POST"', True),
        ('http.url CONTAINS "/orders"', True),
        ('service("orders-handler") AND annotation.Service = "payment"', True),
        ('service("orders-handler") AND annotation.Service = "billing"', False),
        ('service("nope") OR annotation.Service = "payment"', True),
        ('service("nope") OR annotation.Service = "billing"', False),
        ('service("nope") or (fault and annotation.attempt = 3)', True),
        ('(service("nope") OR fault) AND annotation.attempt = 4', False),
        ('service("nope") OR fault AND annotation.attempt = 4', False),  # AND binds tighter
    ],
)
def test_supported_forms(expression: str, expected: bool) -> None:
    assert compile_filter(expression)(facts()) is expected


@pytest.mark.parametrize(
    ("expression", "named"),
    [
        ('edge("a", "b")', 'edge("a", "b")'),
        ('service("a") { fault }', 'service("a") { fault }'),
        ("service()", "service()"),
        ('json.foo = "x"', 'json.foo = "x"'),
        ("rootcause.fault.entity", "rootcause.fault.entity"),
        ('group.name = "x"', 'group.name = "x"'),
        ('!service("a")', '!service("a")'),
        ('service("a") AND', "service"),
        ('resource.arn > "x"', '> "x"'),
        ("annotation.k", "annotation.k"),
        ("annotation.k < true", "<"),
        ("duration > fast", "fast"),
        ('id(colour: "red")', 'colour: "red"'),
        ('service("a"', 'service("a"'),
        ('service("a") service("b")', 'service("b")'),
        ("fault = maybe", "maybe"),
        ("duration # 5", "# 5"),
    ],
)
def test_unsupported_expressions_name_the_part_and_the_support(expression: str, named: str) -> None:
    with pytest.raises(UnsupportedFilter) as info:
        compile_filter(expression)
    message = str(info.value)
    assert named in message
    assert "localcloud supports" in message and "annotation.key" in message
