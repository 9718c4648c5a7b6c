"""ALBs with Lambda target groups, served at `/_aws/elb/<dns-name>/<path>`
(listener port 80) or `/_aws/elb/<dns-name>:<port>/<path>`."""

from localcloud.elbv2.routes import ROUTES

__all__ = ["ROUTES"]
