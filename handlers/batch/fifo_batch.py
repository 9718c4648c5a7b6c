"""Batch: a FIFO queue's records through SqsFifoPartialProcessor.

After a record fails, the rest of its message group is reported failed without being
processed (skip_group_on_error), so a group never runs out of order; other groups go on.
"""

from aws_lambda_powertools.utilities.batch import SqsFifoPartialProcessor, process_partial_response

from _attempts import count_and_process

processor = SqsFifoPartialProcessor(skip_group_on_error=True)


def lambda_handler(event: dict, context: object) -> dict:
    return process_partial_response(event=event, record_handler=count_and_process, processor=processor, context=context)
