# Fault-injection feature, copied into a throwaway checkout by tests/faults.
# TF_VAR_fault picks the failure; FAULT_MARKER_DIR is where it says "now".

variable "fault" {
  description = "Failure to inject at apply: \"\" (none), \"apply-fails\" or \"pause-apply\"."
  type        = string
  default     = ""
}

locals {
  feature_environment       = {}
  feature_vpc               = null
  feature_policy_statements = []
}

# A second log group under the function's name: CreateLogGroup fails with
# ResourceAlreadyExistsException once everything else exists (partial state).
resource "aws_cloudwatch_log_group" "duplicate" {
  count      = var.fault == "apply-fails" ? 1 : 0
  name       = "/aws/lambda/${local.name}-BasicHandler"
  depends_on = [module.functions]
}

# Holds the apply open after the functions exist, so a test can signal it.
resource "terraform_data" "pause" {
  count      = var.fault == "pause-apply" ? 1 : 0
  depends_on = [module.functions]

  provisioner "local-exec" {
    command = "touch \"$FAULT_MARKER_DIR/${local.name}.apply\" && sleep 300"
  }
}
