"""Shared verifier library: invoke functions, read logs, metrics and traces, wait for them."""
