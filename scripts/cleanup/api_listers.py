"""Tagged resources found by their own service's API, for kinds the Resource
Groups Tagging API may not return: API Gateway REST and HTTP APIs and AppConfig
applications and deployment strategies (moto's Tagging API, hence localcloud's,
lacks all three; on AWS both sources find them and resources.find keeps each
ARN once). Each yields (ARN, tags) for the caller to match and classify.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from scripts.cleanup import retry

Tagged = tuple[str, Mapping[str, str]]


def rest_apis() -> Iterator[Tagged]:
    client = retry.client("apigateway")
    for api in retry.pages(client, "get_rest_apis", "items"):
        yield f"arn:aws:apigateway:{client.meta.region_name}::/restapis/{api['id']}", api.get("tags", {})


def http_apis() -> Iterator[Tagged]:
    client = retry.client("apigatewayv2")
    for api in retry.pages(client, "get_apis", "Items"):
        yield f"arn:aws:apigateway:{client.meta.region_name}::/apis/{api['ApiId']}", api.get("Tags", {})


def appconfig() -> Iterator[Tagged]:
    """Applications and the deployment strategies a feature made (AWS's predefined `AppConfig.*` ones are not)."""
    client = retry.client("appconfig")
    account = retry.call("sts GetCallerIdentity", retry.client("sts").get_caller_identity)["Account"]
    prefix = f"arn:aws:appconfig:{client.meta.region_name}:{account}"
    arns = [f"{prefix}:application/{app['Id']}" for app in retry.pages(client, "list_applications", "Items")]
    arns += [f"{prefix}:deploymentstrategy/{strategy['Id']}"
             for strategy in retry.pages(client, "list_deployment_strategies", "Items")
             if not strategy["Name"].startswith("AppConfig.")]
    for arn in arns:
        tags = retry.call(f"appconfig ListTagsForResource {arn}", client.list_tags_for_resource, ResourceArn=arn)
        yield arn, tags.get("Tags", {})


def tagged() -> Iterator[Tagged]:
    yield from rest_apis()
    yield from http_apis()
    yield from appconfig()
