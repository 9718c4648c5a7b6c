"""Seed the kinds of resource features add, tagged as Terraform's default_tags tag them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from faultkit import hours_ago

from tests.kit.cloud import REGION, LocalCloudHandle


@dataclass(frozen=True)
class Kinds:
    """What was made, by kind: the values each `exists` check looks for."""

    table: str
    parameter: str
    secret_arn: str
    key_id: str
    queue_url: str
    rest_api: str
    http_api: str
    load_balancer_arn: str
    target_group_arn: str
    application_id: str
    bucket: str


@dataclass(frozen=True)
class Network:
    """The EC2 network an ALB feature brings (terraform/features/event_handler/alb.tf), by kind."""

    vpc: str
    subnets: tuple[str, ...]
    security_group: str
    internet_gateway: str
    route_table: str

    def ids(self) -> list[str]:
        return [self.vpc, *self.subnets, self.security_group, self.internet_gateway, self.route_table]


class KindSeeder:
    def __init__(self, cloud: LocalCloudHandle) -> None:
        self.client = cloud.client

    def tags(self, run_id: str) -> dict[str, str]:
        return {"E2ERunId": run_id, "E2EFeature": "orders_api", "E2ECreatedAt": hours_ago(0)}

    def table(self, run_id: str) -> str:
        name = f"e2e-{run_id}-orders-api"
        self.client("dynamodb").create_table(
            TableName=name, BillingMode="PAY_PER_REQUEST", KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
            Tags=[{"Key": k, "Value": v} for k, v in self.tags(run_id).items()])
        return name

    def key(self, run_id: str) -> str:
        tags = [{"TagKey": k, "TagValue": v} for k, v in self.tags(run_id).items()]
        return self.client("kms").create_key(Tags=tags)["KeyMetadata"]["KeyId"]

    def every_kind(self, run_id: str) -> Kinds:
        tags, name = self.tags(run_id), f"e2e-{run_id}-orders-api"
        tag_list = [{"Key": k, "Value": v} for k, v in tags.items()]
        parameter = f"/{name}/greeting"
        self.client("ssm").put_parameter(Name=parameter, Value="hello", Type="String", Tags=tag_list)
        secret = self.client("secretsmanager").create_secret(Name=name, SecretString="{}", Tags=tag_list)
        queue_url = self.client("sqs").create_queue(QueueName=name, tags=tags)["QueueUrl"]
        rest_api = self.client("apigateway").create_rest_api(name=name, tags=tags)["id"]
        http_api = self.client("apigatewayv2").create_api(Name=name, ProtocolType="HTTP", Tags=tags)["ApiId"]
        load_balancer, target_group = self._load_balancer(name, tag_list)
        return Kinds(self.table(run_id), parameter, secret["ARN"], self.key(run_id), queue_url, rest_api, http_api,
                     load_balancer, target_group, self._appconfig(name, tags), self._versioned_bucket(name, tag_list))

    def _load_balancer(self, name: str, tags: list[dict[str, str]]) -> tuple[str, str]:
        ec2, elbv2 = self.client("ec2"), self.client("elbv2")
        vpc = ec2.create_vpc(CidrBlock="10.9.0.0/16")["Vpc"]["VpcId"]
        subnets = [ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.9.{i}.0/24", AvailabilityZone=f"{REGION}{zone}")
                   ["Subnet"]["SubnetId"] for i, zone in enumerate("ab")]
        balancer = elbv2.create_load_balancer(Name=name[:32], Subnets=subnets, Tags=tags)["LoadBalancers"][0]
        group = elbv2.create_target_group(Name=name[:32], TargetType="lambda", Tags=tags)["TargetGroups"][0]
        elbv2.create_listener(LoadBalancerArn=balancer["LoadBalancerArn"], Protocol="HTTP", Port=80,
                              DefaultActions=[{"Type": "forward", "TargetGroupArn": group["TargetGroupArn"]}])
        return balancer["LoadBalancerArn"], group["TargetGroupArn"]

    def network(self, run_id: str) -> Network:
        """A tagged VPC with an attached internet gateway (the default route to it in the main table, as
        alb.tf makes it), two subnets, a route table associated with one, a security group, and an ALB in it."""
        ec2, tags = self.client("ec2"), [{"Key": k, "Value": v} for k, v in self.tags(run_id).items()]

        def tagged(kind: str) -> list[dict[str, Any]]:
            return [{"ResourceType": kind, "Tags": tags}]

        vpc = ec2.create_vpc(CidrBlock="10.42.0.0/16", TagSpecifications=tagged("vpc"))["Vpc"]["VpcId"]
        gateway = ec2.create_internet_gateway(TagSpecifications=tagged("internet-gateway"))
        gateway_id = gateway["InternetGateway"]["InternetGatewayId"]
        ec2.attach_internet_gateway(InternetGatewayId=gateway_id, VpcId=vpc)
        main = ec2.describe_route_tables(Filters=[{"Name": "vpc-id", "Values": [vpc]},
                                                  {"Name": "association.main", "Values": ["true"]}])
        ec2.create_route(RouteTableId=main["RouteTables"][0]["RouteTableId"], DestinationCidrBlock="0.0.0.0/0",
                         GatewayId=gateway_id)
        subnets = tuple(ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.42.{i}.0/24", AvailabilityZone=f"{REGION}{zone}",
                                          TagSpecifications=tagged("subnet"))["Subnet"]["SubnetId"]
                        for i, zone in enumerate("ab"))
        table = ec2.create_route_table(VpcId=vpc, TagSpecifications=tagged("route-table"))["RouteTable"]["RouteTableId"]
        ec2.associate_route_table(RouteTableId=table, SubnetId=subnets[0])
        group = ec2.create_security_group(GroupName=f"e2e-{run_id}-alb", Description="alb", VpcId=vpc,
                                          TagSpecifications=tagged("security-group"))["GroupId"]
        ec2.authorize_security_group_ingress(GroupId=group, IpPermissions=[
            {"IpProtocol": "tcp", "FromPort": 80, "ToPort": 80, "IpRanges": [{"CidrIp": "0.0.0.0/0"}]}])
        self.client("elbv2").create_load_balancer(Name=f"e2e-{run_id}-alb", Subnets=list(subnets),
                                                  SecurityGroups=[group], Tags=tags)
        return Network(vpc, subnets, group, gateway_id, table)

    def network_remaining(self, made: Network) -> list[str]:
        """The parts of `made` that still exist."""
        ec2 = self.client("ec2")
        found = [v["VpcId"] for v in ec2.describe_vpcs()["Vpcs"]]
        found += [s["SubnetId"] for s in ec2.describe_subnets()["Subnets"]]
        found += [g["GroupId"] for g in ec2.describe_security_groups()["SecurityGroups"]]
        found += [g["InternetGatewayId"] for g in ec2.describe_internet_gateways()["InternetGateways"]]
        found += [t["RouteTableId"] for t in ec2.describe_route_tables()["RouteTables"]]
        return [part for part in made.ids() if part in found]

    def _appconfig(self, name: str, tags: dict[str, str]) -> str:
        appconfig = self.client("appconfig")
        app = appconfig.create_application(Name=name, Tags=tags)["Id"]
        appconfig.create_environment(ApplicationId=app, Name="test", Tags=tags)
        profile = appconfig.create_configuration_profile(ApplicationId=app, Name="features", LocationUri="hosted",
                                                         Tags=tags)["Id"]
        appconfig.create_hosted_configuration_version(ApplicationId=app, ConfigurationProfileId=profile,
                                                      Content=json.dumps({"on": True}).encode(),
                                                      ContentType="application/json")
        return app

    def _versioned_bucket(self, name: str, tags: list[dict[str, str]]) -> str:
        s3 = self.client("s3")
        s3.create_bucket(Bucket=name)
        s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})
        for body in (b"one", b"two"):
            s3.put_object(Bucket=name, Key="object.txt", Body=body)
        s3.delete_object(Bucket=name, Key="object.txt")  # a delete marker too
        s3.put_bucket_tagging(Bucket=name, Tagging={"TagSet": tags})
        return name

    def remaining(self, made: Kinds) -> list[str]:
        """The kinds of `made` that still exist (a KMS key pending deletion and a deleted secret do not)."""
        checks: dict[str, Any] = {
            "table": lambda: made.table in self.client("dynamodb").list_tables()["TableNames"],
            "parameter": lambda: bool(self.client("ssm").get_parameters(Names=[made.parameter])["Parameters"]),
            "secret": lambda: made.secret_arn in [
                s["ARN"] for s in self.client("secretsmanager").list_secrets()["SecretList"]],
            "key": lambda: self.client("kms").describe_key(
                KeyId=made.key_id)["KeyMetadata"]["KeyState"] != "PendingDeletion",
            "queue": lambda: made.queue_url in self.client("sqs").list_queues().get("QueueUrls", []),
            "rest api": lambda: made.rest_api in [a["id"] for a in self.client("apigateway").get_rest_apis()["items"]],
            "http api": lambda: made.http_api in [a["ApiId"] for a in self.client("apigatewayv2").get_apis()["Items"]],
            "load balancer": lambda: made.load_balancer_arn in [
                b["LoadBalancerArn"] for b in self.client("elbv2").describe_load_balancers()["LoadBalancers"]],
            "target group": lambda: made.target_group_arn in [
                g["TargetGroupArn"] for g in self.client("elbv2").describe_target_groups()["TargetGroups"]],
            "application": lambda: made.application_id in [
                a["Id"] for a in self.client("appconfig").list_applications()["Items"]],
            "bucket": lambda: made.bucket in [b["Name"] for b in self.client("s3").list_buckets()["Buckets"]],
        }
        return [kind for kind, check in checks.items() if check()]
