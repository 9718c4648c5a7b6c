"""Corrections to moto's SQS for event source mappings. Applied once, when
localcloud starts."""
from __future__ import annotations

import functools
import json
from typing import Any

from moto.sqs.models import Message, Queue, SQSBackend


def _no_mappings(self: Queue) -> dict[str, Any]:
    return {}


def _forget(self: Queue, value: dict[str, Any]) -> None:
    return None


_moto_attributes = Queue.attributes


def _attributes_as_sqs_renders_them(self: Queue) -> dict[str, Any]:
    """SQS answers RedrivePolicy as compact JSON; moto's spaces make Terraform plan a change."""
    attributes: dict[str, Any] = _moto_attributes.fget(self)  # type: ignore[attr-defined]
    if "RedrivePolicy" in attributes:
        attributes["RedrivePolicy"] = json.dumps(self.redrive_policy, separators=(",", ":"))
    return attributes


def _release_visible_again(queue: Queue) -> None:
    """A received message whose visibility timeout ran out is no longer in flight."""
    visible_again: list[Message] = [message for message in queue.pending_messages if message.visible]
    for message in visible_again:
        queue.pending_messages.remove(message)


def _receive_in_group_order(receive: Any) -> Any:
    @functools.wraps(receive)
    def receive_message(self: SQSBackend, queue_name: str, *args: Any, **kwargs: Any) -> list[Message]:
        _release_visible_again(self.get_queue(queue_name))
        return receive(self, queue_name, *args, **kwargs)

    return receive_message


def apply() -> None:
    """moto's SendMessage invokes a mapped function itself (through Docker,
    which localcloud has not), and on failure makes the batch visible again
    at once, which also counts a receive towards the redrive policy. With no
    mappings on the queue, SendMessage only stores the message and the
    poller (localcloud.sqs.poller) delivers it as Lambda does. moto also
    keeps a deleted mapping on its queue; this drops that too.

    moto releases a FIFO message that is visible again from its in-flight set
    only when its receive loop reaches it, so the group of a later message
    still in that set counts as in flight: the group's first messages are
    skipped and a later one delivered ahead of them. Releasing every such
    message before the loop redelivers a group in order, as SQS does. And
    RedrivePolicy reads back as SQS writes it, compact."""
    Queue.lambda_event_source_mappings = property(_no_mappings, _forget)  # type: ignore[assignment]
    Queue.attributes = property(_attributes_as_sqs_renders_them)  # type: ignore[assignment]
    SQSBackend.receive_message = _receive_in_group_order(SQSBackend.receive_message)  # type: ignore[method-assign]
