"""to_local: every AWS URL or DNS name of a front door maps to the localcloud
URL that serves it; anything else maps to None."""
from __future__ import annotations

import pytest

from localcloud.frontdoor_http.urls import to_local

ENDPOINT = "http://127.0.0.1:4566"


@pytest.mark.parametrize(("value", "local"), [
    ("https://abc123defg.execute-api.us-east-1.amazonaws.com/prod",
     f"{ENDPOINT}/_aws/execute-api/abc123defg/prod"),
    ("https://abc123defg.execute-api.eu-west-1.amazonaws.com/prod/items/1?q=1",
     f"{ENDPOINT}/_aws/execute-api/abc123defg/prod/items/1?q=1"),
    ("https://abcdefgh.execute-api.us-east-1.amazonaws.com", f"{ENDPOINT}/_aws/execute-api/abcdefgh"),
    ("https://abcdefgh.execute-api.us-east-1.amazonaws.com/", f"{ENDPOINT}/_aws/execute-api/abcdefgh/"),
    ("https://" + "a1" * 16 + ".lambda-url.us-east-1.on.aws/", f"{ENDPOINT}/_aws/lambda-url/{'a1' * 16}/"),
    ("https://" + "a1" * 16 + ".lambda-url.us-east-1.on.aws", f"{ENDPOINT}/_aws/lambda-url/{'a1' * 16}/"),
    ("my-alb-1234567890.us-east-1.elb.amazonaws.com",
     "127.0.0.1:4566/_aws/elb/my-alb-1234567890.us-east-1.elb.amazonaws.com"),
    ("http://my-alb-1.us-east-1.elb.amazonaws.com:8080/path",
     f"{ENDPOINT}/_aws/elb/my-alb-1.us-east-1.elb.amazonaws.com:8080/path"),
])
def test_aws_front_door_addresses_map_to_their_local_url(value: str, local: str) -> None:
    assert to_local(value, ENDPOINT) == local


def test_an_alb_dns_name_still_works_inside_a_verifiers_url() -> None:
    dns = to_local("my-alb-1.us-east-1.elb.amazonaws.com", ENDPOINT + "/")
    assert f"http://{dns}/todos" == \
        "http://127.0.0.1:4566/_aws/elb/my-alb-1.us-east-1.elb.amazonaws.com/todos"


@pytest.mark.parametrize("value", [
    "internal-my-alb-1.us-east-1.elb.amazonaws.com",  # reachable from inside only, as on AWS
    "arn:aws:lambda:us-east-1:123456789012:function:f",
    "my-function",
    "https://example.com/prod",
    "https://abc.execute-api.us-east-1.amazonaws.com.example.com/",
    "https://bucket.s3.amazonaws.com/key",
    "",
])
def test_other_values_are_not_rewritten(value: str) -> None:
    assert to_local(value, ENDPOINT) is None
