"""Corrections to moto's ELBv2. Applied once, when localcloud starts."""
from __future__ import annotations

import functools
from typing import Any

from moto.elbv2.exceptions import DuplicateLoadBalancerName
from moto.elbv2.models import ELBv2Backend, FakeLoadBalancer


def _same_settings(balancer: FakeLoadBalancer, subnet_ids: list[str], settings: dict[str, Any]) -> bool:
    requested = subnet_ids + [mapping["SubnetId"] for mapping in settings.get("subnet_mappings") or []]
    return (sorted(subnet.id for subnet in balancer.subnets) == sorted(requested)
            and (balancer.scheme or "internet-facing") == (settings.get("scheme") or "internet-facing")
            and balancer.type == (settings.get("loadbalancer_type") or "application"))


def _named_by_scheme(balancer: FakeLoadBalancer) -> FakeLoadBalancer:
    """An internal load balancer's DNS name starts with `internal-` on AWS; moto
    names both schemes alike."""
    if balancer.scheme == "internal" and not balancer.dns_name.startswith("internal-"):
        balancer.dns_name = f"internal-{balancer.dns_name}"
    return balancer


def _idempotent(create: Any) -> Any:
    @functools.wraps(create)
    def create_load_balancer(self: ELBv2Backend, name: str, security_groups: list[str], subnet_ids: list[str],
                             **settings: Any) -> FakeLoadBalancer:
        existing = next((lb for lb in self.load_balancers.values() if lb.name == name), None)
        if existing is None:
            return _named_by_scheme(create(self, name, security_groups, subnet_ids, **settings))
        if _same_settings(existing, subnet_ids, settings):
            return existing
        raise DuplicateLoadBalancerName()

    return create_load_balancer


def apply() -> None:
    """CreateLoadBalancer is idempotent on AWS: a second call with the name and
    settings of an existing load balancer answers that one (so an SDK's retry of
    a slow answer creates nothing), other settings are DuplicateLoadBalancerName.
    moto created a second balancer of the same name and DNS name. An internal
    one's DNS name starts with `internal-`, as on AWS."""
    ELBv2Backend.create_load_balancer = _idempotent(ELBv2Backend.create_load_balancer)  # type: ignore[method-assign]
