"""Data masking suite: DataMasking with AWSEncryptionSDKProvider over two KMS keys, and erase.

The KeyA function's provider holds only key A (KmsKeyAArn), KeyB's only key B (KmsKeyBArn).
"""

from __future__ import annotations

import base64

from verifiers.lib.invoke import invoke

CUSTOMER = {
    "id": 1,
    "name": "Jane Doe",
    "address": {"street": "1 Main St", "postcode": "12345"},
    "cards": [{"number": "4111111111111111", "cvv": "123"}, {"number": "5500000000000004", "cvv": "456"}],
}
MASK = "*****"


def masking(clients, arn: str, event: dict, allow_error: bool = False):
    return invoke(clients.lambda_, arn, event, allow_error=allow_error)


def encrypt(clients, arn: str, data, context: dict) -> str:
    return masking(clients, arn, {"operation": "encrypt", "data": data, "encryption_context": context}).payload[
        "ciphertext"
    ]


def test_encrypt_then_decrypt_gives_the_data_back(outputs, clients, unique):
    # GIVEN a record encrypted under key A with an encryption context
    context = {"tenant": unique("tenant"), "purpose": "e2e"}
    ciphertext = encrypt(clients, outputs["KeyAArn"], CUSTOMER, context)

    # WHEN it is decrypted with the same key and context
    decrypted = masking(
        clients, outputs["KeyAArn"], {"operation": "decrypt", "ciphertext": ciphertext, "encryption_context": context}
    ).payload

    # THEN the record comes back whole; the ciphertext holds none of it in clear, and its
    # header names the key its data key was encrypted under: A, not B
    assert decrypted == {"data": CUSTOMER}
    message = base64.b64decode(ciphertext)
    assert b"Jane Doe" not in message
    assert outputs["KmsKeyAArn"].encode() in message and outputs["KmsKeyBArn"].encode() not in message


def test_every_encryption_of_the_same_data_differs(outputs, clients, unique):
    # WHEN the same record is encrypted twice with the same key and context
    context = {"tenant": unique("tenant")}
    first, second = (encrypt(clients, outputs["KeyAArn"], CUSTOMER, context) for _ in range(2))

    # THEN each encryption has its own data key, so the ciphertexts differ
    assert first != second


def test_a_different_encryption_context_fails_decryption(outputs, clients, unique):
    # GIVEN a record encrypted with an encryption context
    tenant = unique("tenant")
    ciphertext = encrypt(clients, outputs["KeyAArn"], CUSTOMER, {"tenant": tenant})

    # WHEN it is decrypted with another tenant in the context
    failed = masking(
        clients,
        outputs["KeyAArn"],
        {"operation": "decrypt", "ciphertext": ciphertext, "encryption_context": {"tenant": tenant + "-other"}},
        allow_error=True,
    )

    # THEN decryption fails on the context, and nothing of the record is returned
    assert failed.function_error == "Unhandled"
    assert failed.payload["errorType"] == "DataMaskingContextMismatchError"
    assert "Jane Doe" not in str(failed.payload)


def test_a_provider_without_the_key_cannot_decrypt(outputs, clients, unique):
    # GIVEN a record encrypted under key A
    context = {"tenant": unique("tenant")}
    ciphertext = encrypt(clients, outputs["KeyAArn"], CUSTOMER, context)

    # WHEN a provider holding only key B decrypts it
    failed = masking(
        clients,
        outputs["KeyBArn"],
        {"operation": "decrypt", "ciphertext": ciphertext, "encryption_context": context},
        allow_error=True,
    )

    # THEN it fails for want of the key, while key B's own ciphertexts decrypt with it
    assert failed.function_error == "Unhandled"
    assert failed.payload["errorType"] == "DataMaskingDecryptKeyError"
    own = encrypt(clients, outputs["KeyBArn"], "key b's secret", context)
    assert masking(
        clients, outputs["KeyBArn"], {"operation": "decrypt", "ciphertext": own, "encryption_context": context}
    ).payload == {"data": "key b's secret"}


def test_erase_masks_the_chosen_fields_and_keeps_the_rest(outputs, clients):
    # WHEN the name, the postcode and every card's cvv are erased
    fields = ["name", "address.postcode", "$.cards[*].cvv"]
    erased = masking(clients, outputs["KeyAArn"], {"operation": "erase", "data": CUSTOMER, "fields": fields}).payload

    # THEN exactly those values are masked
    assert erased == {
        "data": {
            "id": 1,
            "name": MASK,
            "address": {"street": "1 Main St", "postcode": MASK},
            "cards": [{"number": "4111111111111111", "cvv": MASK}, {"number": "5500000000000004", "cvv": MASK}],
        }
    }


def test_erase_without_fields_masks_the_whole_value(outputs, clients):
    # WHEN a string is erased without naming fields
    erased = masking(clients, outputs["KeyAArn"], {"operation": "erase", "data": "4111111111111111"}).payload

    # THEN the whole value is the mask
    assert erased == {"data": MASK}
