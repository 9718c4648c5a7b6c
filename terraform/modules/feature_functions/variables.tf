variable "name_prefix" {
  description = "Start of every name: <prefix>-<run_id>-<feature>. Function and role names add -<PascalName>."
  type        = string
  validation {
    condition     = can(regex("^[a-zA-Z0-9-]{1,40}$", var.name_prefix))
    error_message = "name_prefix is 1-40 letters, digits or '-', leaving room for the handler name within 64."
  }
}

variable "functions" {
  description = "One function per handler module (handlers/<f>/<module>.py): module name -> its PascalName (names the function and its outputs) and its own settings; a setting left null takes the module-wide variable."
  type = map(object({
    pascal_name          = string
    timeout              = optional(number)
    memory_size          = optional(number)
    environment          = optional(map(string), {})
    reserved_concurrency = optional(number)
    architecture         = optional(string)
  }))
  validation {
    condition     = alltrue([for name, function in var.functions : can(regex("^[A-Z][A-Za-z0-9]*$", function.pascal_name))])
    error_message = "Each pascal_name is PascalCase letters and digits, as scripts/pipeline/contracts.py derives it."
  }
}

variable "package_dir" {
  description = "Folder holding <name>.zip for every handler file, written deterministically by the pipeline."
  type        = string
}

variable "layer_arns" {
  description = "Layer version ARNs attached to every function, in order."
  type        = list(string)
  default     = []
}

variable "runtime" {
  description = "Lambda runtime, e.g. python3.12."
  type        = string
  validation {
    condition     = can(regex("^python3\\.[0-9]+$", var.runtime))
    error_message = "runtime must be a Lambda Python runtime such as python3.12."
  }
}

variable "architecture" {
  description = "Instruction set of the functions: x86_64 or arm64."
  type        = string
  validation {
    condition     = contains(["x86_64", "arm64"], var.architecture)
    error_message = "architecture must be x86_64 or arm64."
  }
}

variable "service_name" {
  description = "Value of POWERTOOLS_SERVICE_NAME for every function (unique per run and feature)."
  type        = string
}

variable "environment" {
  description = "Extra environment variables for every function."
  type        = map(string)
  default     = {}
}

variable "policy_statements" {
  description = "Extra IAM statements (objects with Effect, Action, Resource) a feature's functions need, each for every function or, with Functions = [handler modules], for those; actions must be named, never '*'."
  type        = any
  default     = []
}

variable "memory_size" {
  description = "Memory in MB of every function that sets none of its own."
  type        = number
  default     = 256
}

variable "timeout" {
  description = "Timeout in seconds of every function that sets none of its own."
  type        = number
  default     = 30
}

variable "log_retention_days" {
  description = "Retention of each function's log group; short, since runs are throwaway."
  type        = number
  default     = 1
}

variable "vpc" {
  description = "Subnets and security groups to place the functions in (Lambda's vpc_config), to reach what answers only inside that VPC; null: no VPC."
  type = object({
    subnet_ids         = list(string)
    security_group_ids = list(string)
  })
  default = null
}
