"""The EC2 network a feature brings for its load balancer (terraform/features/event_handler/alb.tf):
security groups, subnets, route tables, internet gateways and VPCs, each deleted once
what AWS would refuse to delete it for is gone.

The sweeper deletes them in this order, after the load balancers: a subnet or a
security group is free once nothing in it is left, a route table once no subnet
is associated with it, an internet gateway once detached, a VPC once all of
these are gone (its main route table, default security group and network ACL go
with it). A load balancer's network interfaces leave a while after it is
deleted; until then EC2 answers DependencyViolation, which scripts.cleanup.retry
retries within its budget.
"""

from __future__ import annotations

from typing import Any

from scripts.cleanup import retry

# EC2's "already gone" answers, one per kind.
GONE_CODES = frozenset({"InvalidGroup.NotFound", "InvalidSubnetID.NotFound", "InvalidRouteTableID.NotFound",
                        "InvalidInternetGatewayID.NotFound", "InvalidVpcID.NotFound"})


def _ec2(operation: str, **kwargs: Any) -> Any:
    return retry.call(f"ec2 {operation}", getattr(retry.client("ec2"), operation), **kwargs)


def delete_security_group(group_id: str, _: str) -> None:
    _ec2("delete_security_group", GroupId=group_id)


def delete_subnet(subnet_id: str, _: str) -> None:
    _ec2("delete_subnet", SubnetId=subnet_id)


def delete_route_table(table_id: str, _: str) -> None:
    """Its subnet associations first (a subnet deleted before took its own with it)."""
    table = _ec2("describe_route_tables", RouteTableIds=[table_id])["RouteTables"][0]
    for association in table.get("Associations", []):
        if not association.get("Main"):
            _ec2("disassociate_route_table", AssociationId=association["RouteTableAssociationId"])
    _ec2("delete_route_table", RouteTableId=table_id)


def delete_internet_gateway(gateway_id: str, _: str) -> None:
    """Detached from its VPC first (routes through it then lead nowhere and go with their tables)."""
    gateway = _ec2("describe_internet_gateways", InternetGatewayIds=[gateway_id])["InternetGateways"][0]
    for attachment in gateway.get("Attachments", []):
        _ec2("detach_internet_gateway", InternetGatewayId=gateway_id, VpcId=attachment["VpcId"])
    _ec2("delete_internet_gateway", InternetGatewayId=gateway_id)


def delete_vpc(vpc_id: str, _: str) -> None:
    _ec2("delete_vpc", VpcId=vpc_id)
