"""What the HTTP front doors (API Gateway REST and HTTP APIs, ALB, Function
URLs) share: local URLs, body encoding, query strings, CORS, SigV4 presence,
moto lookups and the payload format 2.0 event. Its ROUTES go after every front
door's: a front-door URL that names nothing localcloud serves."""

from localcloud.frontdoor_http.routes import ROUTES

__all__ = ["ROUTES"]
