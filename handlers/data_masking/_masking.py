"""What the data masking handlers share: one DataMasking operation per event.

    {"operation": "encrypt", "data": ..., "encryption_context": {...}} -> {"ciphertext": "..."}
    {"operation": "decrypt", "ciphertext": "...", "encryption_context": {...}} -> {"data": ...}
    {"operation": "erase", "data": ..., "fields": ["$.path", ...]} -> {"data": ...}

A failed decrypt raises Powertools' own exception, so the invoke's errorType names it.
"""

from aws_lambda_powertools.utilities.data_masking import DataMasking
from aws_lambda_powertools.utilities.data_masking.provider.kms.aws_encryption_sdk import AWSEncryptionSDKProvider


def with_keys(*key_arns: str) -> DataMasking:
    """A DataMasking that encrypts and decrypts with these KMS keys only."""
    return DataMasking(provider=AWSEncryptionSDKProvider(keys=list(key_arns)))


def run(masking: DataMasking, event: dict) -> dict:
    operation, context = event["operation"], event.get("encryption_context", {})
    if operation == "encrypt":
        return {"ciphertext": masking.encrypt(event["data"], **context)}
    if operation == "decrypt":
        return {"data": masking.decrypt(event["ciphertext"], **context)}
    if operation == "erase":
        return {"data": masking.erase(event["data"], fields=event.get("fields"))}
    raise ValueError(f"unknown operation {operation!r}: encrypt, decrypt or erase")
