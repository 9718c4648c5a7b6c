"""Data masking: AWSEncryptionSDKProvider with KMS key A only."""

import os

from _masking import run, with_keys

masking = with_keys(os.environ["KEY_A_ARN"])


def lambda_handler(event: dict, context: object) -> dict:
    return run(masking, event)
