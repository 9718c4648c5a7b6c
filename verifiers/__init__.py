"""pytest suites per feature plus the shared verifier library (`verifiers.lib`)."""
