"""Data masking: AWSEncryptionSDKProvider with KMS key B only."""

import os

from _masking import run, with_keys

masking = with_keys(os.environ["KEY_B_ARN"])


def lambda_handler(event: dict, context: object) -> dict:
    return run(masking, event)
