"""Metrics: the ColdStart metric (dimensions function_name and service), once per environment."""

from aws_lambda_powertools import Metrics

metrics = Metrics()


@metrics.log_metrics(capture_cold_start_metric=True)
def lambda_handler(event: dict, context: object) -> str:
    # The cold start metric is emitted after the handler returns, in this namespace.
    metrics.namespace = event["namespace"]
    return "success"
