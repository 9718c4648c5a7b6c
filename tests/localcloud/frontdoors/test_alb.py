"""ALBs with Lambda target groups created through boto3 and called over HTTP
at the address `to_local` gives their DNS name: the ALB event with and without
multi-value headers, listener rules and ports, the response mapping, 502."""
from __future__ import annotations

import uuid
from typing import Any

import boto3
import pytest
from kit.frontdoors import answer_mode, call

from localcloud.frontdoor_http.urls import to_local

MULTI_VALUE = "lambda.multi_value_headers.enabled"


def _lambda_target_group(client: Any, function_arn: str, multi_value: bool) -> str:
    arn = client.create_target_group(Name=f"tg-{uuid.uuid4().hex[:8]}",
                                     TargetType="lambda")["TargetGroups"][0]["TargetGroupArn"]
    client.register_targets(TargetGroupArn=arn, Targets=[{"Id": function_arn}])
    client.modify_target_group_attributes(
        TargetGroupArn=arn, Attributes=[{"Key": MULTI_VALUE, "Value": str(multi_value).lower()}])
    return str(arn)


@pytest.fixture
def alb(aws_env: Any, echo_arn: str) -> dict[str, str]:
    """An internet-facing ALB: port 80 forwards `/multi*` to a multi-value target
    group and everything else to a single-value one; port 8080 to the single one."""
    ec2, elb = boto3.client("ec2"), boto3.client("elbv2")
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    subnets = [ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.0.{i}.0/24",
                                 AvailabilityZone=f"us-east-1{zone}")["Subnet"]["SubnetId"]
               for i, zone in enumerate("ab")]
    balancer = elb.create_load_balancer(Name=f"alb-{uuid.uuid4().hex[:8]}", Subnets=subnets,
                                        Scheme="internet-facing", Type="application")["LoadBalancers"][0]
    single = _lambda_target_group(elb, echo_arn, multi_value=False)
    multi = _lambda_target_group(elb, echo_arn, multi_value=True)
    listeners = {port: elb.create_listener(
        LoadBalancerArn=balancer["LoadBalancerArn"], Protocol="HTTP", Port=port,
        DefaultActions=[{"Type": "forward", "TargetGroupArn": single}])["Listeners"][0]["ListenerArn"]
        for port in (80, 8080)}
    elb.create_rule(ListenerArn=listeners[80], Priority=10,
                    Conditions=[{"Field": "path-pattern", "PathPatternConfig": {"Values": ["/multi*"]}}],
                    Actions=[{"Type": "forward", "TargetGroupArn": multi}])
    local_dns = to_local(balancer["DNSName"], aws_env.endpoint)
    assert local_dns is not None
    return {"dns": local_dns, "single": single, "multi": multi}


def test_alb_event_with_single_value_headers(alb: dict[str, str]) -> None:
    answer = call(f"http://{alb['dns']}/lambda?q=a%20b&q=c&x=1", headers={"x-custom": "v"})

    assert answer.status == 200
    event = answer.json()
    assert event["requestContext"] == {"elb": {"targetGroupArn": alb["single"]}}
    assert event["httpMethod"] == "GET" and event["path"] == "/lambda"
    assert event["queryStringParameters"] == {"q": "c", "x": "1"}
    assert event["headers"]["x-custom"] == "v"
    assert (event["headers"]["x-forwarded-port"], event["headers"]["x-forwarded-proto"]) == ("80", "http")
    assert event["body"] == "" and event["isBase64Encoded"] is False
    assert "multiValueHeaders" not in event and "multiValueQueryStringParameters" not in event


def test_alb_event_with_multi_value_headers_keeps_the_query_undecoded(alb: dict[str, str]) -> None:
    answer = call(f"http://{alb['dns']}/multi?q=a%20b&q=c", **answer_mode({
        "statusCode": 200, "multiValueHeaders": {"Set-Cookie": ["a=1", "b=2"]}, "body": "ok"}))
    echoed = call(f"http://{alb['dns']}/multi?q=a%20b&q=c")

    assert answer.status == 200 and answer.body == b"ok" and answer.all("set-cookie") == ["a=1", "b=2"]
    event = echoed.json()
    assert event["requestContext"]["elb"]["targetGroupArn"] == alb["multi"]
    assert event["multiValueQueryStringParameters"] == {"q": ["a%20b", "c"]}
    assert event["multiValueHeaders"]["host"]
    assert "headers" not in event and "queryStringParameters" not in event


def test_alb_single_value_response_mapping(alb: dict[str, str]) -> None:
    answer = call(f"http://{alb['dns']}/r", **answer_mode({
        "statusCode": 404, "statusDescription": "404 Not Found", "headers": {"content-type": "text/plain"},
        "body": "gone", "isBase64Encoded": False}))

    assert answer.status == 404 and answer.body == b"gone" and answer.header("content-type") == "text/plain"


def test_alb_listener_on_another_port_is_reached_with_the_port_after_the_dns_name(
        alb: dict[str, str]) -> None:
    event = call(f"http://{alb['dns']}:8080/other").json()

    assert event["path"] == "/other" and event["requestContext"]["elb"]["targetGroupArn"] == alb["single"]


@pytest.mark.parametrize("mode", [{"headers": {"x-mode": "fail"}}, answer_mode({"body": "no status"})])
def test_alb_answers_502_on_a_function_error_or_malformed_answer(alb: dict[str, str],
                                                                 mode: dict[str, Any]) -> None:
    answer = call(f"http://{alb['dns']}/r", **mode)

    assert answer.status == 502 and b"502 Bad Gateway" in answer.body


def test_create_load_balancer_again_with_the_same_name_and_settings_answers_the_same_one(aws_env: Any) -> None:
    # GIVEN an ALB
    ec2, elb = boto3.client("ec2"), boto3.client("elbv2")
    vpc = ec2.create_vpc(CidrBlock="10.1.0.0/16")["Vpc"]["VpcId"]
    subnets = [ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.1.{i}.0/24",
                                 AvailabilityZone=f"us-east-1{zone}")["Subnet"]["SubnetId"]
               for i, zone in enumerate("ab")]
    name = f"alb-{uuid.uuid4().hex[:8]}"
    first = elb.create_load_balancer(Name=name, Subnets=subnets)["LoadBalancers"][0]

    # WHEN it is created again, as an SDK retrying a slow answer does, and then with other settings
    again = elb.create_load_balancer(Name=name, Subnets=subnets)["LoadBalancers"][0]
    with pytest.raises(elb.exceptions.DuplicateLoadBalancerNameException):
        elb.create_load_balancer(Name=name, Subnets=subnets[:1])

    # THEN the same settings answer the same balancer and there is one of that name
    assert again["LoadBalancerArn"] == first["LoadBalancerArn"]
    assert len(elb.describe_load_balancers(Names=[name])["LoadBalancers"]) == 1
