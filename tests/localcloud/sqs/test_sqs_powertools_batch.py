"""Powertools' batch utility (from the project's layer) on a localcloud SQS
mapping: its partial batch response sends only the failed records back."""
from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from typing import Any

import boto3
from kit.cloud import function_log_lines
from kit.waits import wait_for

BATCH_HANDLER = """
from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response

processor = BatchProcessor(event_type=EventType.SQS)

def record_handler(record):
    print("PROCESSING " + record.body)
    if record.body.startswith("fail"):
        raise ValueError(record.body)

def handler(event, context):
    return process_partial_response(event=event, record_handler=record_handler, processor=processor,
                                    context=context)
"""


def test_powertools_batch_processor_failures_are_retried_alone(
        lambda_client: Any, logs_client: Any, make_function: Callable[..., str], layer_zip: bytes) -> None:
    # GIVEN a Powertools batch function mapped with ReportBatchItemFailures
    sqs = boto3.client("sqs")
    layer = lambda_client.publish_layer_version(LayerName="powertools", Content={"ZipFile": layer_zip},
                                                CompatibleRuntimes=["python3.12"])["LayerVersionArn"]
    function = make_function(BATCH_HANDLER, Layers=[layer])
    url = sqs.create_queue(QueueName=f"q-{uuid.uuid4().hex[:8]}", Attributes={"VisibilityTimeout": "1"})["QueueUrl"]
    arn = sqs.get_queue_attributes(QueueUrl=url, AttributeNames=["QueueArn"])["Attributes"]["QueueArn"]
    lambda_client.create_event_source_mapping(EventSourceArn=arn, FunctionName=function, BatchSize=10,
                                              FunctionResponseTypes=["ReportBatchItemFailures"])
    # WHEN a batch with one failing record is sent
    sqs.send_message_batch(QueueUrl=url, Entries=[{"Id": str(n), "MessageBody": body} for n, body in
                                                  enumerate(["ok-1", "fail-1", "ok-2"])])

    # THEN the failing record is processed again, the others are not
    def processed() -> list[str]:
        return [line.removeprefix("PROCESSING ").strip() for line in function_log_lines(logs_client, function)
                if line.startswith("PROCESSING ")]

    bodies = wait_for(lambda: (seen := processed()).count("fail-1") >= 3 and seen, timeout=60)
    assert bodies.count("ok-1") == bodies.count("ok-2") == 1, json.dumps(bodies)
