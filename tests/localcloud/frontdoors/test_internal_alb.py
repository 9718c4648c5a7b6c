"""An internal ALB answers only callers inside its VPC, as on AWS: a function
attached to the VPC's subnets reaches it at its DNS name (its plain-HTTP calls
leave through the VPC's network, the standard `http_proxy`), while the host, a
function outside every VPC and one in another VPC get no connection."""
from __future__ import annotations

import http.client
import json
import uuid
from collections.abc import Callable
from typing import Any

import boto3
import pytest

from localcloud.frontdoor_http.urls import ELB

# Calls a URL with urllib (which honours http_proxy, as requests and botocore do).
CALLER = """
import json, urllib.request
def handler(event, context):
    try:
        with urllib.request.urlopen(event["url"], timeout=30) as answer:
            return {"status": answer.status, "body": answer.read().decode()}
    except urllib.error.HTTPError as error:
        return {"status": error.code, "body": error.read().decode()}
    except Exception as error:
        return {"error": type(error).__name__}
"""


def _vpc(ec2: Any, cidr: str) -> tuple[str, list[str]]:
    vpc = ec2.create_vpc(CidrBlock=cidr)["Vpc"]["VpcId"]
    prefix = cidr.rsplit(".", 2)[0]
    subnets = [ec2.create_subnet(VpcId=vpc, CidrBlock=f"{prefix}.{i}.0/24",
                                 AvailabilityZone=f"us-east-1{zone}")["Subnet"]["SubnetId"]
               for i, zone in enumerate("ab")]
    return vpc, subnets


@pytest.fixture
def internal_alb(aws_env: Any, echo_arn: str) -> dict[str, Any]:
    """An internal ALB in its own VPC, port 80 forwarding to the echo function."""
    ec2, elb = boto3.client("ec2"), boto3.client("elbv2")
    vpc, subnets = _vpc(ec2, "10.7.0.0/16")
    balancer = elb.create_load_balancer(Name=f"int-{uuid.uuid4().hex[:8]}", Subnets=subnets,
                                        Scheme="internal", Type="application")["LoadBalancers"][0]
    group = elb.create_target_group(Name=f"tg-{uuid.uuid4().hex[:8]}",
                                    TargetType="lambda")["TargetGroups"][0]["TargetGroupArn"]
    elb.register_targets(TargetGroupArn=group, Targets=[{"Id": echo_arn}])
    elb.create_listener(LoadBalancerArn=balancer["LoadBalancerArn"], Protocol="HTTP", Port=80,
                        DefaultActions=[{"Type": "forward", "TargetGroupArn": group}])
    security_group = ec2.create_security_group(GroupName=f"sg-{uuid.uuid4().hex[:8]}",
                                               Description="callers", VpcId=vpc)["GroupId"]
    return {"dns": balancer["DNSName"], "vpc": vpc, "subnets": subnets, "security_group": security_group}


def _call_from(make_function: Callable[..., str], url: str, **config: Any) -> dict[str, Any]:
    name = make_function(CALLER, **config)
    answer = boto3.client("lambda").invoke(FunctionName=name, Payload=json.dumps({"url": url}).encode())
    return dict(json.loads(answer["Payload"].read()))


def test_an_internal_albs_dns_name_starts_with_internal(internal_alb: dict[str, Any]) -> None:
    # GIVEN an ALB created with Scheme internal
    # THEN its DNS name is AWS's internal form
    assert internal_alb["dns"].startswith("internal-") and internal_alb["dns"].endswith(".elb.amazonaws.com")


def test_a_function_in_the_albs_vpc_reaches_it_at_its_dns_name(
        internal_alb: dict[str, Any], make_function: Callable[..., str]) -> None:
    # GIVEN a function attached to the ALB's subnets and a security group of its VPC
    vpc_config = {"SubnetIds": internal_alb["subnets"], "SecurityGroupIds": [internal_alb["security_group"]]}
    # WHEN it calls the ALB at its AWS DNS name
    answer = _call_from(make_function, f"http://{internal_alb['dns']}/inside?x=1", VpcConfig=vpc_config)

    # THEN the ALB forwards to its target: the echo function got the ALB event
    assert answer.get("status") == 200, answer
    event = json.loads(answer["body"])
    assert event["path"] == "/inside" and event["queryStringParameters"] == {"x": "1"}
    assert event["headers"]["host"] == internal_alb["dns"]
    assert "proxy-authorization" not in event["headers"]  # the VPC's credentials stay with localcloud


def test_a_functions_vpc_config_names_its_subnets_vpc(
        internal_alb: dict[str, Any], make_function: Callable[..., str]) -> None:
    # GIVEN a function created in the ALB's subnets
    name = make_function(CALLER, VpcConfig={"SubnetIds": internal_alb["subnets"], "SecurityGroupIds": []})
    # WHEN its configuration is read
    config = boto3.client("lambda").get_function_configuration(FunctionName=name)["VpcConfig"]
    # THEN VpcId is the VPC of those subnets
    assert config["VpcId"] == internal_alb["vpc"] and config["SubnetIds"] == internal_alb["subnets"]


def test_a_function_outside_every_vpc_cannot_connect(
        internal_alb: dict[str, Any], make_function: Callable[..., str]) -> None:
    # GIVEN a function without VpcConfig
    # WHEN it calls the internal ALB at its DNS name
    answer = _call_from(make_function, f"http://{internal_alb['dns']}/outside")

    # THEN no connection is made (the name leads nowhere outside the VPC)
    assert "error" in answer and "status" not in answer, answer


def test_a_function_in_another_vpc_cannot_connect(
        internal_alb: dict[str, Any], make_function: Callable[..., str]) -> None:
    # GIVEN a function attached to the subnets of another VPC
    _, other_subnets = _vpc(boto3.client("ec2"), "10.8.0.0/16")
    # WHEN it calls the internal ALB at its DNS name
    answer = _call_from(make_function, f"http://{internal_alb['dns']}/elsewhere",
                        VpcConfig={"SubnetIds": other_subnets, "SecurityGroupIds": []})

    # THEN no connection is made
    assert answer == {"error": "RemoteDisconnected"}, answer


def test_a_vpc_function_has_no_route_to_hosts_localcloud_does_not_serve(
        internal_alb: dict[str, Any], make_function: Callable[..., str]) -> None:
    # GIVEN a function in the ALB's VPC (no NAT gateway)
    vpc_config = {"SubnetIds": internal_alb["subnets"], "SecurityGroupIds": []}
    # WHEN it calls a host on the internet over plain HTTP
    answer = _call_from(make_function, "http://example.com/", VpcConfig=vpc_config)

    # THEN no connection is made
    assert answer == {"error": "RemoteDisconnected"}, answer


@pytest.mark.parametrize("target", [
    lambda dns: f"{ELB}{dns}/from-host",  # the path on localcloud's port that serves internet-facing ALBs
    lambda dns: f"http://{dns}/via-proxy",  # the AWS URL, sent to localcloud as to a proxy
], ids=["localcloud-path", "as-a-proxy"])
def test_the_host_gets_no_connection(internal_alb: dict[str, Any], aws_env: Any,
                                     target: Callable[[str], str]) -> None:
    # GIVEN a connection from the host to localcloud, without a VPC's credentials
    connection = http.client.HTTPConnection(aws_env.endpoint.split("://", 1)[1], timeout=30)
    # WHEN it asks for the internal ALB
    # THEN the connection ends without an answer
    with pytest.raises(ConnectionError):
        connection.request("GET", target(internal_alb["dns"]))
        connection.getresponse()
    connection.close()
