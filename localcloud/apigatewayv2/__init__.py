"""API Gateway HTTP APIs: Lambda proxy integrations (payload 2.0, and 1.0)
served at `/_aws/execute-api/<api-id>/<stage>/<path>` (`$default`: no stage segment)."""

from localcloud.apigatewayv2.routes import ROUTES

__all__ = ["ROUTES"]
