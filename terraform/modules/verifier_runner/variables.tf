variable "name" {
  description = "Name of the runner function, its role and log group: <prefix>-<run_id>-<feature>-Runner."
  type        = string
  validation {
    condition     = can(regex("^[a-zA-Z0-9-]{1,64}$", var.name))
    error_message = "name is 1-64 letters, digits or '-' (a Lambda function name)."
  }
}

variable "zip_path" {
  description = "The runner zip built by scripts/artefacts/runner_zip.py (build/runner/<feature>-<hash>.zip)."
  type        = string
  validation {
    condition     = fileexists(var.zip_path)
    error_message = "The runner zip does not exist: the pipeline builds it when RUNNER=lambda."
  }
}

variable "runtime" {
  description = "Lambda runtime, e.g. python3.12 (the zip's wheels were chosen for it)."
  type        = string
}

variable "architecture" {
  description = "x86_64 or arm64 (the zip's wheels were chosen for it)."
  type        = string
}

variable "target" {
  description = "TARGET the suite runs against (local or aws): picks its wait budgets."
  type        = string
  validation {
    condition     = contains(["local", "aws"], var.target)
    error_message = "target is local or aws."
  }
}

variable "run_id" {
  description = "The run's id: the suite's unique names carry it (verifiers/lib/names.py)."
  type        = string
}

variable "function_arns" {
  description = "ARNs of the feature's functions the suite invokes and reconfigures."
  type        = list(string)
}

variable "log_group_arns" {
  description = "ARNs of the feature's log groups the suite reads."
  type        = list(string)
}

variable "results_bucket" {
  description = "The run's bucket: results larger than a Lambda response go under runner-results/."
  type        = string
}

variable "policy_statements" {
  description = "Extra IAM statements the suite declares (verifiers/<feature>/runner_policy.json); named actions only."
  type        = any
  default     = []
  validation {
    condition     = alltrue([for s in var.policy_statements : alltrue([for a in flatten([s.Action]) : !strcontains(a, "*")])])
    error_message = "Runner policy statements name their actions: no '*' in an action."
  }
}

variable "memory_size" {
  description = "Memory in MB (on AWS also the CPU share pytest gets)."
  type        = number
  default     = 1024
}

variable "timeout" {
  description = "Seconds one test module may take (Lambda's maximum: 900)."
  type        = number
  default     = 900
}

variable "log_retention_days" {
  description = "Retention of the runner's log group."
  type        = number
  default     = 1
}

variable "vpc" {
  description = "Subnets and security groups to place the function in (Lambda's vpc_config), to reach what answers only inside that VPC; null: no VPC."
  type = object({
    subnet_ids         = list(string)
    security_group_ids = list(string)
  })
  default = null
}
