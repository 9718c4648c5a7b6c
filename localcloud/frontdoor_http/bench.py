"""Front-door overhead for `make bench`: the p50 of warm requests through each
front door minus the p50 of warm direct Invokes of the same function, both
made with the same plain HTTP client (so the SDK's own cost is left out)."""
from __future__ import annotations

import http.client
import statistics
import time
import uuid
from collections.abc import Callable
from typing import Any
from urllib.parse import quote, urlsplit

from localcloud.frontdoor_http.urls import to_local

ANSWER = 'def handler(event, context):\n    return {"statusCode": 200, "body": "ok"}\n'
Client = Callable[[str], Any]


def _request_ms(url: str, method: str = "GET", body: bytes | None = None) -> float:
    """One request as a verifier makes it (a new connection), in milliseconds."""
    parts = urlsplit(url)
    start = time.perf_counter()
    connection = http.client.HTTPConnection(parts.netloc, timeout=30)
    try:
        connection.request(method, parts.path or "/", body=body)
        response = connection.getresponse()
        response.read()
    finally:
        connection.close()
    assert response.status == 200, f"{url} answered {response.status}"
    return (time.perf_counter() - start) * 1000


def _rest_api(client: Client, uri: str) -> str:
    apigateway = client("apigateway")
    api_id = apigateway.create_rest_api(name=f"bench-{uuid.uuid4().hex[:8]}")["id"]
    root = apigateway.get_resources(restApiId=api_id)["items"][0]["id"]
    apigateway.put_method(restApiId=api_id, resourceId=root, httpMethod="GET", authorizationType="NONE")
    apigateway.put_integration(restApiId=api_id, resourceId=root, httpMethod="GET", type="AWS_PROXY",
                               integrationHttpMethod="POST", uri=uri)
    apigateway.create_deployment(restApiId=api_id, stageName="bench")
    return f"https://{api_id}.execute-api.us-east-1.amazonaws.com/bench/"


def _http_api(client: Client, arn: str) -> str:
    apigatewayv2 = client("apigatewayv2")
    api = apigatewayv2.create_api(Name=f"bench-{uuid.uuid4().hex[:8]}", ProtocolType="HTTP")
    integration = apigatewayv2.create_integration(ApiId=api["ApiId"], IntegrationType="AWS_PROXY",
                                                  IntegrationUri=arn, PayloadFormatVersion="2.0")
    apigatewayv2.create_route(ApiId=api["ApiId"], RouteKey="$default",
                              Target=f"integrations/{integration['IntegrationId']}")
    apigatewayv2.create_stage(ApiId=api["ApiId"], StageName="$default", AutoDeploy=True)
    return f"{api['ApiEndpoint']}/"


def _alb(client: Client, arn: str) -> str:
    ec2, elbv2 = client("ec2"), client("elbv2")
    vpc = ec2.create_vpc(CidrBlock="10.9.0.0/16")["Vpc"]["VpcId"]
    subnets = [ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.9.{n}.0/24", AvailabilityZone=f"us-east-1{zone}")
               ["Subnet"]["SubnetId"] for n, zone in enumerate("ab")]
    balancer = elbv2.create_load_balancer(Name=f"bench-{uuid.uuid4().hex[:8]}", Subnets=subnets)
    group = elbv2.create_target_group(Name=f"bench-{uuid.uuid4().hex[:8]}", TargetType="lambda")
    group_arn = group["TargetGroups"][0]["TargetGroupArn"]
    elbv2.register_targets(TargetGroupArn=group_arn, Targets=[{"Id": arn}])
    elbv2.create_listener(LoadBalancerArn=balancer["LoadBalancers"][0]["LoadBalancerArn"], Protocol="HTTP",
                          Port=80, DefaultActions=[{"Type": "forward", "TargetGroupArn": group_arn}])
    return f"http://{balancer['LoadBalancers'][0]['DNSName']}/"


def run(client: Client, arn: str, endpoint: str, requests: int) -> dict[str, Any]:
    """Overhead p50 (ms) per front door over a direct Invoke of `arn` (a function
    running ANSWER), `requests` warm calls each."""
    lam = client("lambda")
    invoke_url = f"{endpoint}/2015-03-31/functions/{quote(arn, safe='')}/invocations"

    def direct_ms() -> float:
        return _request_ms(invoke_url, "POST", b"{}")

    uri = f"arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{arn}/invocations"
    urls = {"rest_api": _rest_api(client, uri), "http_api": _http_api(client, arn), "alb": _alb(client, arn),
            "function_url": lam.create_function_url_config(FunctionName=arn, AuthType="NONE")["FunctionUrl"]}
    direct_ms()  # the cold start is not part of any figure
    direct = statistics.median(direct_ms() for _ in range(requests))
    result: dict[str, Any] = {"requests": requests, "direct_invoke_p50_ms": round(direct, 3)}
    for door, url in urls.items():
        local = to_local(url, endpoint)
        assert local is not None, url
        samples = [_request_ms(local) for _ in range(requests)]
        result[f"{door}_overhead_p50_ms"] = round(statistics.median(samples) - direct, 3)
    return result

