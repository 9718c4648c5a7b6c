"""Fault-injection feature: a function that always works, so only the injected fault fails.

It logs what it was asked, the line a failed run's saved function log must show."""

import json


def lambda_handler(event: dict, context: object) -> dict:
    print(f"fault handler answering {json.dumps(event, sort_keys=True)}")
    return {"ok": True, "echo": event}
