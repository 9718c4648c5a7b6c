# Shared by every feature root module (symlinked). The pipeline sets these
# through TF_VAR_* environment variables.

variable "run_id" {
  description = "Id of the run: every name carries it, and the E2ERunId tag holds it."
  type        = string
  validation {
    condition     = can(regex("^[a-z][a-z0-9]{2,15}$", var.run_id))
    error_message = "run_id must match ^[a-z][a-z0-9]{2,15}$ (short: it is part of every name)."
  }
}

variable "created_at" {
  description = "When the run first deployed this feature (ISO 8601 UTC); the E2ECreatedAt tag, read by `make sweep`. Set once per run so re-applies plan no change."
  type        = string
  validation {
    condition     = can(regex("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$", var.created_at))
    error_message = "created_at must be ISO 8601 UTC like 2026-01-31T12:00:00Z."
  }
}

variable "feature_resource_name" {
  description = "The feature's name in DNS-safe form ('_' -> '-'), part of every resource name."
  type        = string
  validation {
    condition     = can(regex("^[a-z][a-z0-9-]{0,19}$", var.feature_resource_name))
    error_message = "feature_resource_name must match ^[a-z][a-z0-9-]{0,19}$ (the pipeline derives it from the folder name)."
  }
}

variable "functions" {
  description = "Handler module -> its PascalName and settings (handlers/<feature>/settings.json), written by the pipeline (scripts/pipeline/tfvars.py)."
  type = map(object({
    pascal_name          = string
    timeout              = optional(number)
    memory_size          = optional(number)
    environment          = optional(map(string), {})
    reserved_concurrency = optional(number)
    architecture         = optional(string)
  }))
}

variable "name_prefix" {
  description = "First part of every resource name."
  type        = string
  default     = "e2e"
  validation {
    condition     = can(regex("^[a-z][a-z0-9]{0,7}$", var.name_prefix))
    error_message = "name_prefix must match ^[a-z][a-z0-9]{0,7}$."
  }
}

variable "region" {
  description = "AWS region to deploy into."
  type        = string
  default     = "us-east-1"
  validation {
    condition     = can(regex("^[a-z]{2}(-[a-z]+)+-[0-9]$", var.region))
    error_message = "region must be an AWS region name such as us-east-1."
  }
}

variable "layer_zip" {
  description = "The layer zip built by scripts/layer.sh (build/layer/<hash>.zip)."
  type        = string
}

variable "package_dir" {
  description = "Folder with one deterministic <handler>.zip per handler file, written by the pipeline."
  type        = string
}

variable "runtime" {
  description = "Lambda runtime of the functions and the layer."
  type        = string
  default     = "python3.12"
  validation {
    condition     = can(regex("^python3\\.[0-9]+$", var.runtime))
    error_message = "runtime must be a Lambda Python runtime such as python3.12."
  }
}

variable "architecture" {
  description = "Instruction set of the functions and the layer's wheels: x86_64 or arm64."
  type        = string
  default     = "x86_64"
  validation {
    condition     = contains(["x86_64", "arm64"], var.architecture)
    error_message = "architecture must be x86_64 or arm64."
  }
}

variable "s3_use_path_style" {
  description = "Address S3 by path (http://endpoint/bucket): localcloud needs it, AWS does not."
  type        = bool
  default     = false
}

variable "runner" {
  description = "RUNNER=lambda: the runner zip (scripts/artefacts/runner_zip.py) and the TARGET its suite runs against; null deploys no runner."
  type = object({
    zip_path = string
    target   = string
  })
  default = null
}
