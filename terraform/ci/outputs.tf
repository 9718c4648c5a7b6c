output "role_arn" {
  description = "ARN of the role the workflows assume: the repository variable AWS_ROLE_ARN."
  value       = aws_iam_role.ci.arn
}

output "state_bucket" {
  description = "Name of the Terraform state bucket: the repository variable TF_STATE_BUCKET."
  value       = aws_s3_bucket.state.bucket
}

output "oidc_provider_arn" {
  description = "ARN of the GitHub OIDC provider the role trusts (created here or reused)."
  value       = local.oidc_arn
}

output "backend_hcl" {
  description = "Settings for TF_BACKEND_CONFIG (README \"Remote state\"), ready to paste into a file; e2e-aws.yml writes the same from the repository variables."
  value       = <<-EOT
    bucket       = "${aws_s3_bucket.state.bucket}"
    region       = "${var.region}"
    encrypt      = true
    use_lockfile = true
  EOT
}

output "repository_variables" {
  description = "The repository variables to set (Settings → Secrets and variables → Actions → Variables)."
  value = {
    AWS_ROLE_ARN    = aws_iam_role.ci.arn
    AWS_REGION      = var.region
    TF_STATE_BUCKET = aws_s3_bucket.state.bucket
  }
}
