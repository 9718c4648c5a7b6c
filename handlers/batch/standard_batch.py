"""Batch: a standard SQS queue's records through BatchProcessor; failures reported per item."""

from aws_lambda_powertools.utilities.batch import BatchProcessor, EventType, process_partial_response

from _attempts import count_and_process

processor = BatchProcessor(event_type=EventType.SQS)


def lambda_handler(event: dict, context: object) -> dict:
    return process_partial_response(event=event, record_handler=count_and_process, processor=processor, context=context)
