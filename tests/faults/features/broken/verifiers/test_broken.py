"""Every function of the feature must answer; the failures name Lambda's error type."""

from __future__ import annotations

from verifiers.lib.invoke import invoke


def test_every_function_answers(outputs, clients):
    failures = []
    for name in ("ImportError", "SyntaxError"):
        result = invoke(clients.lambda_, outputs[f"{name}Arn"], {}, allow_error=True)
        if result.function_error:
            failures.append(f"{name}: {result.payload.get('errorType')}: {result.payload.get('errorMessage')}")
    assert not failures, "functions failed to load:\n" + "\n".join(failures)
