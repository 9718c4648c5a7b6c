# Data masking: two KMS keys. Each function's AWSEncryptionSDKProvider holds one
# of them and its role may use only that one, so a ciphertext made under key A
# cannot be decrypted with key B. Destroy schedules each key's deletion (7 days,
# AWS's shortest window); the leak check counts a key pending deletion as gone.
locals {
  keys = toset(["a", "b"])
}

resource "aws_kms_key" "masking" {
  for_each                = local.keys
  description             = "${local.name} data masking key ${upper(each.key)}"
  deletion_window_in_days = 7
}

locals {
  feature_environment = {
    KEY_A_ARN = aws_kms_key.masking["a"].arn
    KEY_B_ARN = aws_kms_key.masking["b"].arn
  }
  # The Encryption SDK makes a data key with GenerateDataKey and recovers it with Decrypt.
  # No VPC: the functions (and the runner) run outside any VPC.
  feature_vpc = null
  feature_policy_statements = [
    for key in local.keys : {
      Functions = ["key_${key}"]
      Effect    = "Allow"
      Action    = ["kms:GenerateDataKey", "kms:Decrypt"]
      Resource  = aws_kms_key.masking[key].arn
    }
  ]
}

output "KmsKeyAArn" {
  description = "The KMS key the KeyA function encrypts and decrypts with."
  value       = aws_kms_key.masking["a"].arn
}

output "KmsKeyBArn" {
  description = "The KMS key the KeyB function encrypts and decrypts with."
  value       = aws_kms_key.masking["b"].arn
}
