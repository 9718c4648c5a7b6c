"""A VPC's network as its functions see it (which VPC a caller is in:
`core.vpc_network`): no route out to hosts localcloud does not serve."""

from localcloud.vpc.routes import ROUTES

__all__ = ["ROUTES"]
