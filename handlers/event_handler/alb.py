"""Event handler: ALBResolver behind an ALB (two target groups: single- and multi-value headers)."""

from aws_lambda_powertools.event_handler import ALBResolver, CORSConfig

from _routes import ALLOWED_ORIGIN, EXTRA_ORIGIN, router

app = ALBResolver(cors=CORSConfig(allow_origin=ALLOWED_ORIGIN, extra_origins=[EXTRA_ORIGIN], max_age=300))
app.include_router(router)


def lambda_handler(event: dict, context: object) -> dict:
    return app.resolve(event, context)
