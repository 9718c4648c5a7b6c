"""The network of a VPC, as localcloud models it: an execution environment of a
function with a VpcConfig sends its plain-HTTP calls through localcloud (the
standard `http_proxy` variables), and proves which VPC it is in with the proxy
credentials localcloud gave it. Nothing else can: the credentials are an HMAC
of the VPC id under a secret that lives only in this process and in the
environments it starts."""
from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets

from moto.ec2.exceptions import InvalidSubnetIdError
from moto.ec2.models import ec2_backends

from localcloud.routing import Request


class VpcNetwork:
    def __init__(self, endpoint_host: str) -> None:
        self._secret = secrets.token_bytes(32)
        self._endpoint_host = endpoint_host  # "127.0.0.1:<port>"

    def _mac(self, vpc_id: str) -> str:
        return hmac.new(self._secret, vpc_id.encode(), hashlib.sha256).hexdigest()

    def variables(self, vpc_id: str | None) -> dict[str, str]:
        """What an environment attached to `vpc_id` adds to Lambda's variables ({} outside
        every VPC): its plain HTTP leaves through the VPC's network, localcloud's own API not."""
        if not vpc_id:
            return {}
        proxy, local = f"http://{vpc_id}:{self._mac(vpc_id)}@{self._endpoint_host}", "127.0.0.1,localhost"
        return {"http_proxy": proxy, "HTTP_PROXY": proxy, "no_proxy": local, "NO_PROXY": local}

    def caller_vpc(self, request: Request) -> str | None:
        """The VPC a request comes from: the one its valid Proxy-Authorization names,
        None for a caller outside every VPC (the host, a function without VpcConfig)."""
        scheme, _, encoded = request.proxy_authorization.partition(" ")
        if scheme.lower() != "basic":
            return None
        try:
            vpc_id, _, mac = base64.b64decode(encoded, validate=True).decode().partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return None
        return vpc_id if vpc_id and hmac.compare_digest(mac, self._mac(vpc_id)) else None


def subnets_vpc(account_id: str, region: str, subnet_ids: list[str]) -> str | None:
    """The VPC of a function's subnets (Lambda requires them all in one VPC);
    None without subnets or when none of them exists any more."""
    backend = ec2_backends[account_id][region]
    for subnet_id in subnet_ids:
        try:
            return str(backend.get_subnet(subnet_id).vpc_id)
        except InvalidSubnetIdError:
            continue
    return None
