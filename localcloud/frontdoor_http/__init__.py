"""What the HTTP front doors (API Gateway REST and HTTP APIs, ALB, Function
URLs) share: local URLs, body encoding, query strings, CORS, SigV4 presence,
moto lookups and the payload format 2.0 event. Its routes (`routes.ROUTES`) go
after every front door's: a front-door URL that names nothing localcloud
serves. The package imports nothing itself: the pipeline imports `urls`
alone, without localcloud's server and moto behind the routes."""
