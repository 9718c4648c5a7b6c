# Parameters: ten SSM parameters under one path (two of them SecureString,
# encrypted with the account's aws/ssm key) and a Secrets Manager secret, read
# by the functions through Powertools' parameters utility (AppConfig: appconfig.tf).
data "aws_region" "current" {}
data "aws_caller_identity" "current" {}

locals {
  parameter_path = "/${local.name}"
  parameter_values = {
    for i in range(10) : format("param-%02d", i) => "value ${i} of ${local.name}"
  }
  secure_parameters = toset(["param-08", "param-09"])
}

resource "aws_ssm_parameter" "values" {
  for_each = local.parameter_values
  name     = "${local.parameter_path}/${each.key}"
  type     = contains(local.secure_parameters, each.key) ? "SecureString" : "String"
  value    = each.value
}

resource "aws_secretsmanager_secret" "credentials" {
  name = local.name
  # Delete at once on destroy: a recovery window would keep the name taken by a gone run.
  recovery_window_in_days = 0
}

resource "aws_secretsmanager_secret_version" "credentials" {
  secret_id     = aws_secretsmanager_secret.credentials.id
  secret_string = jsonencode({ username = "e2e", api_key = "key-of-${local.name}" })
}

locals {
  feature_environment = merge(
    { SECRET_NAME = aws_secretsmanager_secret.credentials.name },
    local.appconfig_environment,
  )
  # Names under the feature's path only, including ones that do not exist (the
  # suite asks for a missing one): GetParameters is authorised per name. The
  # aws/ssm key's own policy lets SSM decrypt for the account, so no KMS grant.
  # No VPC: the functions (and the runner) run outside any VPC.
  feature_vpc = null
  feature_policy_statements = [
    {
      Effect   = "Allow"
      Action   = ["ssm:GetParameters", "ssm:GetParameter"]
      Resource = "arn:aws:ssm:${data.aws_region.current.name}:${data.aws_caller_identity.current.account_id}:parameter${local.parameter_path}/*"
    },
    {
      Effect   = "Allow"
      Action   = ["secretsmanager:GetSecretValue"]
      Resource = aws_secretsmanager_secret.credentials.arn
    },
  ]
}

output "ParameterPath" {
  description = "Path every SSM parameter of this feature lives under."
  value       = local.parameter_path
}

output "Parameters" {
  description = "Name -> value of the ten SSM parameters."
  value       = { for key, parameter in aws_ssm_parameter.values : parameter.name => local.parameter_values[key] }
}

output "SecureParameterNames" {
  description = "Names of the SecureString parameters among them (read with decrypt)."
  value       = [for key in sort(local.secure_parameters) : aws_ssm_parameter.values[key].name]
}

output "SecretName" {
  description = "Name of the Secrets Manager secret (a JSON document)."
  value       = aws_secretsmanager_secret.credentials.name
}
