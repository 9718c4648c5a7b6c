"""THE route table: first match wins, moto answers whatever no route claims.
Adding an AWS service = a folder localcloud/<service>/ exporting ROUTES + one line here."""
from __future__ import annotations

from localcloud import (apigateway, apigatewayv2, appconfig, appconfigdata, awslambda, closed,
                        cloudwatch, elbv2, function_urls, health, logs, vpc, xray)
from localcloud.frontdoor_http import routes as frontdoor_http
from localcloud.routing import Route

TABLE: list[Route] = [
    *closed.ROUTES,
    *health.ROUTES,
    *vpc.ROUTES,  # before every service: a VPC's proxied call to the outside has no route
    *awslambda.ROUTES,
    *logs.ROUTES,
    *xray.ROUTES,
    *cloudwatch.ROUTES,
    *appconfig.ROUTES,
    *appconfigdata.ROUTES,
    *apigateway.ROUTES,
    *apigatewayv2.ROUTES,
    *elbv2.ROUTES,
    *function_urls.ROUTES,
    *frontdoor_http.ROUTES,  # after every front door: an unknown front-door URL answers 404
]
