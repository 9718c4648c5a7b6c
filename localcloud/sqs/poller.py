"""Lambda's SQS poller: for every enabled event source mapping on a queue,
receive a batch (BatchSize, MaximumBatchingWindowInSeconds), run the function
synchronously with the SQS event, and delete what it processed. What it did
not process stays in flight until the queue's visibility timeout, counts
towards the redrive policy, and moto's receive moves it to the dead-letter
queue after maxReceiveCount. One worker thread per mapping, one batch at a
time, so a FIFO queue's message groups keep their order."""
from __future__ import annotations

import sys
import threading
import time
from typing import TYPE_CHECKING

from moto.awslambda.models import EventSourceMapping, lambda_backends
from moto.sqs.exceptions import QueueDoesNotExist
from moto.sqs.models import Message, Queue, SQSBackend, sqs_backends

from localcloud.awslambda.invoker import InvokeResult
from localcloud.awslambda.pool import Throttled
from localcloud.sqs.event import failed_message_ids, sqs_event

if TYPE_CHECKING:
    from localcloud.cloud import Cloud

POLL_SECONDS = 0.2  # how soon a new mapping, an expired visibility timeout or a stop is noticed


MappingKey = tuple[str, str, str]  # account, region, mapping UUID


def _sqs_mapping_keys() -> list[MappingKey]:
    return [(account, region, mapping.uuid)
            for account, regions in list(lambda_backends.items())
            for region, backend in list(regions.items())
            for mapping in backend.list_event_source_mappings("", "")
            if mapping.event_source_arn.split(":")[2] == "sqs"]


def _wait_for_send(queue: Queue, seconds: float) -> None:
    """Sleep until a message is sent to the queue (moto notifies its
    condition on every SendMessage) or `seconds` pass."""
    with queue._messages_lock:
        queue._messages_lock.wait(timeout=seconds)


def _log(key: MappingKey, problem: object) -> None:
    print(f"localcloud: SQS event source mapping {key[2]}: {problem!r}", file=sys.stderr, flush=True)


class SqsEventSourcePoller:
    def __init__(self, cloud: Cloud) -> None:
        self._cloud = cloud
        self._stopping = threading.Event()
        self._workers: dict[MappingKey, threading.Thread] = {}
        self._supervisor = threading.Thread(target=self._supervise, name="sqs-esm", daemon=True)

    def start(self) -> None:
        self._supervisor.start()

    def stop(self) -> None:
        """Workers finish the batch in hand (the pool's shutdown ends a running
        invoke) and start no other."""
        self._stopping.set()
        if self._supervisor.is_alive():
            self._supervisor.join()

    def _supervise(self) -> None:
        while not self._stopping.wait(POLL_SECONDS):
            try:
                self._workers = {key: worker for key, worker in self._workers.items() if worker.is_alive()}
                for key in _sqs_mapping_keys():
                    if key not in self._workers:
                        worker = threading.Thread(target=self._poll, args=(key,), daemon=True,
                                                  name=f"sqs-esm-{key[2][:8]}")
                        self._workers[key] = worker
                        worker.start()
            except Exception as exc:  # a moto race must not end event delivery for good
                print(f"localcloud: SQS event source poller: {exc!r}", file=sys.stderr, flush=True)

    def _poll(self, key: MappingKey) -> None:
        """Serve one mapping until it is deleted or localcloud stops."""
        account, region, uuid = key
        while not self._stopping.is_set():
            mapping = lambda_backends[account][region].get_event_source_mapping(uuid)
            if mapping is None:
                return
            try:
                if not mapping.enabled:
                    self._stopping.wait(POLL_SECONDS)
                else:
                    self._poll_once(key, mapping)
            except (QueueDoesNotExist, Throttled):
                # A deleted queue, or a throttled batch (back to the queue, as on Lambda): not errors.
                self._stopping.wait(POLL_SECONDS)
            except Exception as exc:  # one broken mapping never stops the others
                _log(key, exc)
                self._stopping.wait(POLL_SECONDS)

    def _poll_once(self, key: MappingKey, mapping: EventSourceMapping) -> None:
        _, _, _, queue_region, queue_account, queue_name = mapping.event_source_arn.split(":", 5)
        backend = sqs_backends[queue_account][queue_region]
        queue = backend.get_queue(queue_name)
        batch = self._collect(backend, queue, mapping)
        if not batch:
            _wait_for_send(queue, POLL_SECONDS)
            return
        result = self._cloud.invoke_function(key[0], key[1], mapping.function_arn,
                                             sqs_event(batch, queue.queue_arn, queue_region))
        failed = self._failed(mapping, result, batch)
        for message in batch:
            if message.id not in failed:
                backend.delete_message(queue_name, message.receipt_handle)  # type: ignore[arg-type]

    def _collect(self, backend: SQSBackend, queue: Queue, mapping: EventSourceMapping) -> list[Message]:
        """Up to BatchSize messages; with a batching window, keep gathering
        until the batch is full or the window (counted from the first
        message) closes."""
        size, visibility = mapping.batch_size, int(queue.visibility_timeout or 0)
        batch = backend.receive_message(queue.name, size, 0, visibility, ["All"])
        closes = time.monotonic() + float(mapping.max_batch_window or 0)
        while batch and len(batch) < size and not self._stopping.is_set():
            remaining = closes - time.monotonic()
            if remaining <= 0:
                break
            _wait_for_send(queue, min(remaining, POLL_SECONDS))
            batch += backend.receive_message(queue.name, size - len(batch), 0, visibility, ["All"])
        return batch

    @staticmethod
    def _failed(mapping: EventSourceMapping, result: InvokeResult, batch: list[Message]) -> set[str]:
        ids = {message.id for message in batch}
        if result.function_error:
            return ids
        if "ReportBatchItemFailures" in (mapping.function_response_types or []):
            return failed_message_ids(result.payload, ids)
        return set()
