"""Fault-injection feature: a function that always works, so only the injected fault fails."""


def lambda_handler(event: dict, context: object) -> dict:
    return {"ok": True, "echo": event}
