# What GitHub Actions needs in the account: GitHub's OIDC provider, a role
# that only this repository's allowed refs and environments can assume, the
# permissions of a run and of the sweeper (policies.tf), and the S3 bucket
# that holds the runs' Terraform state.
data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

locals {
  account_id = data.aws_caller_identity.current.account_id
  partition  = data.aws_partition.current.partition
  oidc_host  = "token.actions.githubusercontent.com"
  audience   = "sts.amazonaws.com"
  state_name = coalesce(var.state_bucket_name, "lambda-e2e-tfstate-${local.account_id}-${var.region}")
  oidc_arn   = coalesce(var.existing_oidc_provider_arn, one(aws_iam_openid_connect_provider.github[*].arn))
  subjects = concat(
    [for ref in var.allowed_refs : "repo:${var.github_repository}:ref:${ref}"],
    [for env in var.allowed_environments : "repo:${var.github_repository}:environment:${env}"],
  )
}

# IAM trusts GitHub's certificate through its own CA store: no thumbprint to pin.
resource "aws_iam_openid_connect_provider" "github" {
  count          = var.existing_oidc_provider_arn == null ? 1 : 0
  url            = "https://${local.oidc_host}"
  client_id_list = [local.audience]
}

resource "aws_iam_role" "ci" {
  name                 = var.role_name
  description          = "Assumed by ${var.github_repository}'s workflows: e2e runs on AWS and the sweeper."
  max_session_duration = var.max_session_duration
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = local.oidc_arn }
      Condition = {
        StringEquals = { "${local.oidc_host}:aud" = local.audience }
        StringLike   = { "${local.oidc_host}:sub" = local.subjects }
      }
    }]
  })
}

resource "aws_iam_policy" "ci" {
  for_each    = local.policies
  name        = "${var.role_name}-${each.key}"
  description = "lambda-e2e CI: ${each.key} (names ${var.name_prefix}-*, tag E2ERunId)."
  policy      = jsonencode({ Version = "2012-10-17", Statement = each.value })

  lifecycle {
    precondition {
      condition     = length(jsonencode({ Version = "2012-10-17", Statement = each.value })) <= 6144
      error_message = "Policy ${each.key} is over IAM's 6,144 characters for a managed policy: split it."
    }
  }
}

resource "aws_iam_role_policy_attachment" "ci" {
  for_each   = aws_iam_policy.ci
  role       = aws_iam_role.ci.name
  policy_arn = each.value.arn
}

# State: versioned (a bad write can be rolled back), encrypted, private, and
# locked with S3's own lock files (use_lockfile, Terraform >= 1.10): no
# DynamoDB table.
resource "aws_s3_bucket" "state" {
  bucket = local.state_name
}

resource "aws_s3_bucket_versioning" "state" {
  bucket = aws_s3_bucket.state.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_server_side_encryption_configuration" "state" {
  bucket = aws_s3_bucket.state.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_public_access_block" "state" {
  bucket                  = aws_s3_bucket.state.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_ownership_controls" "state" {
  bucket = aws_s3_bucket.state.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "state" {
  bucket = aws_s3_bucket.state.id
  rule {
    id     = "expire-superseded-state"
    status = "Enabled"
    filter {
      prefix = "${var.state_key_prefix}/"
    }
    noncurrent_version_expiration {
      noncurrent_days = var.noncurrent_state_days
    }
    abort_incomplete_multipart_upload {
      days_after_initiation = 1
    }
  }
  depends_on = [aws_s3_bucket_versioning.state]
}

# TLS only, for everyone.
resource "aws_s3_bucket_policy" "state" {
  bucket = aws_s3_bucket.state.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "DenyInsecureTransport"
      Effect    = "Deny"
      Principal = "*"
      Action    = ["s3:GetObject", "s3:PutObject", "s3:DeleteObject", "s3:ListBucket"]
      Resource  = [aws_s3_bucket.state.arn, "${aws_s3_bucket.state.arn}/*"]
      Condition = { Bool = { "aws:SecureTransport" = "false" } }
    }]
  })
  depends_on = [aws_s3_bucket_public_access_block.state]
}
