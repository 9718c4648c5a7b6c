variable "region" {
  description = "Region of the state bucket and of the e2e runs (the repository variable AWS_REGION)."
  type        = string
  default     = "us-east-1"
  validation {
    condition     = can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]$", var.region))
    error_message = "region must be an AWS region name such as us-east-1."
  }
}

variable "github_repository" {
  description = "The GitHub repository whose workflows may assume the role, as owner/name."
  type        = string
  validation {
    condition     = can(regex("^[A-Za-z0-9][A-Za-z0-9-]{0,38}/[A-Za-z0-9._-]{1,100}$", var.github_repository))
    error_message = "github_repository must be owner/name, e.g. octo-org/lambda-e2e."
  }
}

variable "allowed_refs" {
  description = "Git refs whose workflow runs may assume the role (the OIDC sub claim repo:<owner/name>:ref:<ref>); * wildcards allowed. Pull requests never get AWS credentials."
  type        = list(string)
  default     = ["refs/heads/main"]
  validation {
    condition     = alltrue([for ref in var.allowed_refs : can(regex("^refs/(heads|tags)/[A-Za-z0-9._/*-]+$", ref))])
    error_message = "Each allowed ref must look like refs/heads/<branch> or refs/tags/<tag>."
  }
}

variable "allowed_environments" {
  description = "GitHub deployment environments whose jobs may assume the role (sub claim repo:<owner/name>:environment:<name>); empty: none."
  type        = list(string)
  default     = []
  validation {
    condition     = alltrue([for env in var.allowed_environments : can(regex("^[A-Za-z0-9._-]{1,255}$", env))])
    error_message = "Environment names may contain letters, digits, '.', '_' and '-'."
  }
}

variable "existing_oidc_provider_arn" {
  description = "ARN of the account's GitHub OIDC provider (token.actions.githubusercontent.com) when it already exists; null creates it (an account can hold only one per URL)."
  type        = string
  default     = null
  validation {
    condition     = var.existing_oidc_provider_arn == null || can(regex("^arn:aws[a-z-]*:iam::[0-9]{12}:oidc-provider/token\\.actions\\.githubusercontent\\.com$", var.existing_oidc_provider_arn))
    error_message = "existing_oidc_provider_arn must be the ARN of an oidc-provider/token.actions.githubusercontent.com."
  }
}

variable "role_name" {
  description = "Name of the IAM role the workflows assume (the repository variable AWS_ROLE_ARN is its ARN)."
  type        = string
  default     = "lambda-e2e-github-actions"
  validation {
    condition     = can(regex("^[A-Za-z0-9+=,.@_-]{1,64}$", var.role_name))
    error_message = "role_name must be a valid IAM role name (at most 64 characters)."
  }
}

variable "max_session_duration" {
  description = "Longest session the role grants, in seconds: covers e2e-aws.yml's job timeout (110 min) and its teardown."
  type        = number
  default     = 7200
  validation {
    condition     = var.max_session_duration >= 3600 && var.max_session_duration <= 43200
    error_message = "max_session_duration must be between 3600 and 43200 seconds."
  }
}

variable "name_prefix" {
  description = "First part of every resource name a run creates (terraform/shared's name_prefix); the policy is scoped to <name_prefix>-*."
  type        = string
  default     = "e2e"
  validation {
    condition     = can(regex("^[a-z][a-z0-9]{0,7}$", var.name_prefix))
    error_message = "name_prefix must match ^[a-z][a-z0-9]{0,7}$."
  }
}

variable "state_bucket_name" {
  description = "Name of the S3 bucket for the runs' Terraform state (globally unique); null: lambda-e2e-tfstate-<account id>-<region>."
  type        = string
  default     = null
  validation {
    condition     = var.state_bucket_name == null || can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.state_bucket_name))
    error_message = "state_bucket_name must be a valid S3 bucket name (3-63 lowercase letters, digits, '.' and '-')."
  }
}

variable "state_key_prefix" {
  description = "Key prefix of the runs' state objects; the pipeline writes lambda-e2e/<run_id>/<feature>.tfstate."
  type        = string
  default     = "lambda-e2e"
  validation {
    condition     = can(regex("^[a-z0-9][a-z0-9-]*$", var.state_key_prefix))
    error_message = "state_key_prefix must be lowercase letters, digits and '-'."
  }
}

variable "noncurrent_state_days" {
  description = "Days the state bucket keeps a superseded or deleted state version before expiring it."
  type        = number
  default     = 30
  validation {
    condition     = var.noncurrent_state_days >= 1
    error_message = "noncurrent_state_days must be at least 1."
  }
}

variable "tags" {
  description = "Tags for everything this module creates."
  type        = map(string)
  default     = { Project = "lambda-e2e" }
}
