"""Event handler: APIGatewayRestResolver behind a REST API (v1 proxy events)."""

from aws_lambda_powertools.event_handler import APIGatewayRestResolver, CORSConfig

from _routes import ALLOWED_ORIGIN, EXTRA_ORIGIN, router

app = APIGatewayRestResolver(cors=CORSConfig(allow_origin=ALLOWED_ORIGIN, extra_origins=[EXTRA_ORIGIN], max_age=300))
app.include_router(router)


def lambda_handler(event: dict, context: object) -> dict:
    return app.resolve(event, context)
