"""Lambda Function URLs served at `/_aws/lambda-url/<url-id>/<path>`."""

from localcloud.function_urls.routes import ROUTES

__all__ = ["ROUTES"]
