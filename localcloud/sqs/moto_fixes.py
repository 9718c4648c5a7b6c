"""Corrections to moto's SQS for event source mappings. Applied once, when
localcloud starts."""
from __future__ import annotations

from typing import Any

from moto.sqs.models import Queue


def _no_mappings(self: Queue) -> dict[str, Any]:
    return {}


def _forget(self: Queue, value: dict[str, Any]) -> None:
    return None


def apply() -> None:
    """moto's SendMessage invokes a mapped function itself (through Docker,
    which localcloud has not), and on failure makes the batch visible again
    at once, which also counts a receive towards the redrive policy. With no
    mappings on the queue, SendMessage only stores the message and the
    poller (localcloud.sqs.poller) delivers it as Lambda does. moto also
    keeps a deleted mapping on its queue; this drops that too."""
    Queue.lambda_event_source_mappings = property(_no_mappings, _forget)  # type: ignore[assignment]
