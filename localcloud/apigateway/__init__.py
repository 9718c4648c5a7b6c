"""API Gateway REST APIs (v1): AWS_PROXY integrations served at
`/_aws/execute-api/<api-id>/<stage>/<path>`."""

from localcloud.apigateway.routes import ROUTES

__all__ = ["ROUTES"]
