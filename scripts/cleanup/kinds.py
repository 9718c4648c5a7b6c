"""The kinds of resource a feature adds, known by their ARN: how to delete each,
what AWS keeps by design after a delete, and the AWS CLI command for a kind
the sweeper cannot delete itself.

Deleting follows dependencies: mappings and front doors before the functions'
queues and tables, listeners before load balancers before target groups,
an AppConfig application's environments and profiles before the application,
and a load balancer's EC2 network last, VPC after what is in it
(scripts/cleanup/network.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from scripts.cleanup import network, retry


@dataclass(frozen=True)
class Kind:
    name: str
    arn: re.Pattern[str]  # its `name` group is what the delete call takes
    delete: Callable[[str, str], None]  # (name, arn)
    name_of: Callable[[str], str] = str  # the resource's name from the `name` group


def _arn(service: str, resource: str) -> re.Pattern[str]:
    return re.compile(rf"arn:[^:]+:{service}:[^:]*:[^:]*:{resource}")


def _call(service: str, operation: str, **kwargs: Any) -> Any:
    client = retry.client(service)
    return retry.call(f"{service} {operation}", getattr(client, operation), **kwargs)


def _event_source_mapping(uuid: str, _: str = "") -> None:
    _call("lambda", "delete_event_source_mapping", UUID=uuid)


def _queue(name: str, arn: str) -> None:
    """Its event source mappings first (they would poll a queue that is gone), then the queue."""
    lam = retry.client("lambda")
    for mapping in retry.pages(lam, "list_event_source_mappings", "EventSourceMappings", EventSourceArn=arn):
        _event_source_mapping(mapping["UUID"])
    account = arn.split(":")[4]
    url = _call("sqs", "get_queue_url", QueueName=name, QueueOwnerAWSAccountId=account)["QueueUrl"]
    _call("sqs", "delete_queue", QueueUrl=url)


def _load_balancer(_: str, arn: str) -> None:
    """Its listeners first, then the load balancer (its target groups are kinds of their own)."""
    for listener in retry.pages(retry.client("elbv2"), "describe_listeners", "Listeners", LoadBalancerArn=arn):
        _call("elbv2", "delete_listener", ListenerArn=listener["ListenerArn"])
    _call("elbv2", "delete_load_balancer", LoadBalancerArn=arn)


def _appconfig_application(app_id: str, _: str) -> None:
    """AppConfig deletes an application only once its environments and profiles are gone."""
    client = retry.client("appconfig")
    for environment in retry.pages(client, "list_environments", "Items", ApplicationId=app_id):
        _call("appconfig", "delete_environment", ApplicationId=app_id, EnvironmentId=environment["Id"])
    for profile in retry.pages(client, "list_configuration_profiles", "Items", ApplicationId=app_id):
        for version in retry.pages(client, "list_hosted_configuration_versions", "Items", ApplicationId=app_id,
                                   ConfigurationProfileId=profile["Id"]):
            _call("appconfig", "delete_hosted_configuration_version", ApplicationId=app_id,
                  ConfigurationProfileId=profile["Id"], VersionNumber=version["VersionNumber"])
        _call("appconfig", "delete_configuration_profile", ApplicationId=app_id, ConfigurationProfileId=profile["Id"])
    _call("appconfig", "delete_application", ApplicationId=app_id)


KINDS = (
    Kind("event source mapping", _arn("lambda", r"event-source-mapping:(?P<name>[^:/]+)$"), _event_source_mapping),
    Kind("api gateway rest api", re.compile(r"arn:[^:]+:apigateway:[^:]*::/restapis/(?P<name>[^/]+)$"),
         lambda api_id, _: _call("apigateway", "delete_rest_api", restApiId=api_id)),
    Kind("api gateway http api", re.compile(r"arn:[^:]+:apigateway:[^:]*::/apis/(?P<name>[^/]+)$"),
         lambda api_id, _: _call("apigatewayv2", "delete_api", ApiId=api_id)),
    Kind("load balancer listener", _arn("elasticloadbalancing", r"listener/(?P<name>.+)$"),
         lambda _, arn: _call("elbv2", "delete_listener", ListenerArn=arn)),
    Kind("load balancer", _arn("elasticloadbalancing", r"loadbalancer/(?P<name>.+)$"), _load_balancer),
    Kind("target group", _arn("elasticloadbalancing", r"targetgroup/(?P<name>[^/]+)/.+$"),
         lambda _, arn: _call("elbv2", "delete_target_group", TargetGroupArn=arn)),
    Kind("appconfig application", _arn("appconfig", r"application/(?P<name>[^/]+)$"), _appconfig_application),
    Kind("appconfig deployment strategy", _arn("appconfig", r"deploymentstrategy/(?P<name>[^/]+)$"),
         lambda strategy_id, _: _call("appconfig", "delete_deployment_strategy", DeploymentStrategyId=strategy_id)),
    Kind("sqs queue", _arn("sqs", r"(?P<name>[^:/]+)$"), _queue),
    Kind("dynamodb table", _arn("dynamodb", r"table/(?P<name>[^/]+)$"),
         lambda name, _: _call("dynamodb", "delete_table", TableName=name)),
    Kind("ssm parameter", _arn("ssm", r"parameter/(?P<name>.+)$"),
         lambda name, _: _call("ssm", "delete_parameter", Name=name),
         # The ARN drops a path's leading '/': parameter/a/b is /a/b, parameter/ab is ab.
         lambda name: f"/{name}" if "/" in name else name),
    Kind("secret", _arn("secretsmanager", r"secret:(?P<name>.+)$"),
         lambda _, arn: _call("secretsmanager", "delete_secret", SecretId=arn, ForceDeleteWithoutRecovery=True)),
    # KMS never deletes a key at once: 7 days is the shortest waiting period.
    Kind("kms key", _arn("kms", r"key/(?P<name>[^/]+)$"),
         lambda key_id, _: _call("kms", "schedule_key_deletion", KeyId=key_id, PendingWindowInDays=7)),
    # A load balancer's network, once the load balancers are gone.
    Kind("security group", _arn("ec2", r"security-group/(?P<name>sg-[0-9a-f]+)$"), network.delete_security_group),
    Kind("subnet", _arn("ec2", r"subnet/(?P<name>subnet-[0-9a-f]+)$"), network.delete_subnet),
    Kind("route table", _arn("ec2", r"route-table/(?P<name>rtb-[0-9a-f]+)$"), network.delete_route_table),
    Kind("internet gateway", _arn("ec2", r"internet-gateway/(?P<name>igw-[0-9a-f]+)$"),
         network.delete_internet_gateway),
    Kind("vpc", _arn("ec2", r"vpc/(?P<name>vpc-[0-9a-f]+)$"), network.delete_vpc),
)
GONE_CODES = network.GONE_CODES
DELETE_ORDER = tuple(kind.name for kind in KINDS)
BY_NAME = {kind.name: kind for kind in KINDS}

# Kinds the sweeper does not delete, with the command that does ({arn}, {name}: the ARN's last part).
CLI_COMMANDS = (
    (_arn("sns", r"[^:/]+$"), "aws sns delete-topic --topic-arn {arn}"),
    (_arn("states", r"stateMachine:[^:/]+$"), "aws stepfunctions delete-state-machine --state-machine-arn {arn}"),
    (_arn("kinesis", r"stream/[^/]+$"), "aws kinesis delete-stream --stream-arn {arn} --enforce-consumer-deletion"),
    (_arn("events", r"rule/[^/]+$"),
     "aws events remove-targets --rule {name} --ids $(aws events list-targets-by-rule --rule {name} "
     "--query 'Targets[].Id' --output text) && aws events delete-rule --name {name}"),
    (_arn("cloudwatch", r"alarm:[^:]+$"), "aws cloudwatch delete-alarms --alarm-names {name}"),
    (_arn("ecr", r"repository/[^/]+$"), "aws ecr delete-repository --repository-name {name} --force"),
    (_arn("logs", r"log-group:[^:]+$"), "aws logs delete-log-group --log-group-name {name}"),
    (_arn("ec2", r"instance/i-[0-9a-f]+$"), "aws ec2 terminate-instances --instance-ids {name}"),
    (_arn("ec2", r"natgateway/nat-[0-9a-f]+$"), "aws ec2 delete-nat-gateway --nat-gateway-id {name}"),
    (_arn("ec2", r"network-interface/eni-[0-9a-f]+$"),
     "aws ec2 delete-network-interface --network-interface-id {name}"),
    (_arn("ec2", r"vpc-peering-connection/pcx-[0-9a-f]+$"),
     "aws ec2 delete-vpc-peering-connection --vpc-peering-connection-id {name}"),
)


def classify(arn: str) -> tuple[str, str] | None:
    """(kind, name) of a resource a feature adds, or None for a kind without a deleter."""
    for kind in KINDS:
        match = kind.arn.fullmatch(arn)
        if match:
            return kind.name, kind.name_of(match["name"])
    return None


def delete(kind: str, name: str, arn: str) -> None:
    BY_NAME[kind].delete(name, arn)


def cli_command(arn: str) -> str:
    """The AWS CLI command that deletes a resource of a kind the sweeper cannot delete."""
    name = re.split(r"[:/]", arn)[-1]
    for pattern, command in CLI_COMMANDS:
        if pattern.fullmatch(arn):
            return command.format(arn=arn, name=name)
    service = arn.split(":")[2] if arn.count(":") >= 2 else "?"
    return f"aws {service} help  # no known delete command for {arn}: find the delete-* command of its kind"


def kept_by_design(kind: str, name: str, arn: str) -> str | None:
    """Why AWS still lists a resource that was deleted (a KMS key's or a secret's waiting period), else None."""
    if kind == "kms key":
        key = _call("kms", "describe_key", KeyId=name)["KeyMetadata"]
        if key.get("KeyState") in ("PendingDeletion", "PendingReplicaDeletion"):
            return f"pending deletion (AWS deletes it on {key.get('DeletionDate', 'the end of its waiting period')})"
    if kind == "secret":
        secret = _call("secretsmanager", "describe_secret", SecretId=arn)
        if secret.get("DeletedDate"):
            return f"scheduled for deletion since {secret['DeletedDate']} (its recovery window)"
    return None
