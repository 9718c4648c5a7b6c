"""What the HTTP front doors (API Gateway REST and HTTP APIs, ALB, Function
URLs) share: local URLs, body encoding, query strings, CORS, SigV4 presence,
moto lookups and the payload format 2.0 event."""
