"""SQS as an event source: the poller that runs a mapped function with
batches of a queue's messages (moto keeps the queue and the mappings)."""
