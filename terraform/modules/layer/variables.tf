variable "name" {
  description = "Layer name (carries the run id and feature)."
  type        = string
  validation {
    condition     = can(regex("^[a-zA-Z0-9_-]{1,140}$", var.name))
    error_message = "Layer names are 1-140 characters of letters, digits, '-' and '_'."
  }
}

variable "zip_path" {
  description = "Path of the layer zip built by scripts/layer.sh (build/layer/<hash>.zip)."
  type        = string
  validation {
    condition     = fileexists(var.zip_path)
    error_message = "The layer zip does not exist: run `make layer` first."
  }
}

variable "compatible_runtimes" {
  description = "Lambda runtimes the layer is published for, e.g. [\"python3.12\"]."
  type        = list(string)
}

variable "compatible_architectures" {
  description = "Architectures the layer's wheels were chosen for: x86_64 or arm64."
  type        = list(string)
  validation {
    condition     = alltrue([for a in var.compatible_architectures : contains(["x86_64", "arm64"], a)])
    error_message = "Architectures are x86_64 or arm64."
  }
}
