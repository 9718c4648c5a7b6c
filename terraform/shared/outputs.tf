# Shared by every feature root module (symlinked). The pipeline expands
# Functions into one <PascalName> and <PascalName>Arn entry per handler in
# outputs.json (Terraform cannot name outputs after discovered files).
output "Functions" {
  description = "Per handler file, keyed by PascalName: function name and ARN."
  value       = module.functions.functions
}

output "ServiceName" {
  description = "POWERTOOLS_SERVICE_NAME of every function of this run and feature."
  value       = local.name
}

output "VerifierRunner" {
  description = "RUNNER=lambda: the function that runs this feature's suite (null otherwise)."
  value       = one(module.runner[*].function.name)
}
