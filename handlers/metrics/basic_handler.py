"""Metrics: add the metrics the event lists, in the event's namespace, flushed as EMF."""

from aws_lambda_powertools import Metrics

metrics = Metrics()  # service dimension from POWERTOOLS_SERVICE_NAME


@metrics.log_metrics
def lambda_handler(event: dict, context: object) -> str:
    metrics.namespace = event["namespace"]
    for name, value in event.get("dimensions", {}).items():
        metrics.add_dimension(name=name, value=value)
    for metric in event["metrics"]:
        metrics.add_metric(
            name=metric["name"],
            unit=metric.get("unit", "Count"),
            value=metric["value"],
            resolution=metric.get("resolution", 60),
        )
    return "success"
