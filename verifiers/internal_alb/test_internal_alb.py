"""An internal ALB answers inside its VPC: the suite runs there (RUNNER=lambda, the runner placed in
the feature's subnets) and calls the load balancer at its AWS DNS name."""

import pytest

from verifiers.lib.http import call
from verifiers.lib.reach import require_reachable

RUNNER_FAN_OUT = "test"  # the tests share nothing: RUNNER=lambda runs each in its own invocation


@pytest.fixture
def alb(outputs):
    """The ALB's DNS name; outside the cloud the test fails at once, naming RUNNER=lambda."""
    return require_reachable("InternalAlbDns", outputs["InternalAlbDns"])


def test_the_internal_alb_forwards_a_route_to_the_function(alb):
    # GIVEN the internal ALB, reached from inside its VPC
    # WHEN a todo is asked for at the ALB's DNS name
    answer = call(f"http://{alb}/todos/42")
    # THEN the resolver answers it, and the ALB told the function who called
    assert answer.status == 200, answer
    body = answer.json()
    assert body["todo_id"] == "42" and body["forwarded_for"], body


def test_a_missing_todo_is_a_404_from_the_resolver(alb):
    # GIVEN the internal ALB
    # WHEN a todo that does not exist is asked for
    answer = call(f"http://{alb}/todos/missing")
    # THEN the resolver's NotFoundError comes back through the ALB as a 404
    assert answer.status == 404 and answer.json()["message"] == "todo missing not found", answer
