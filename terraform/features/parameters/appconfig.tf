# Parameters, AppConfig part: a hosted JSON configuration profile deployed at
# once (no duration, no bake time) to one environment; get_app_config reads it
# through AppConfig Data. Needs localcloud's AppConfig (environments,
# deployment strategies, deployments and AppConfig Data).
locals {
  appconfig_content = { feature_flags = { new_checkout = true, beta_banner = false }, owner = local.name }
  # Merged into feature_environment (feature.tf): where the AppConfig function reads from.
  appconfig_environment = {
    APPCONFIG_APPLICATION = aws_appconfig_application.this.name
    APPCONFIG_ENVIRONMENT = aws_appconfig_environment.this.name
    APPCONFIG_PROFILE     = aws_appconfig_configuration_profile.this.name
  }
}

resource "aws_appconfig_application" "this" {
  name = local.name
}

resource "aws_appconfig_environment" "this" {
  application_id = aws_appconfig_application.this.id
  name           = "main"
}

resource "aws_appconfig_configuration_profile" "this" {
  application_id = aws_appconfig_application.this.id
  name           = "features"
  location_uri   = "hosted"
  type           = "AWS.Freeform"
}

resource "aws_appconfig_hosted_configuration_version" "this" {
  application_id           = aws_appconfig_application.this.id
  configuration_profile_id = aws_appconfig_configuration_profile.this.configuration_profile_id
  content_type             = "application/json"
  content                  = jsonencode(local.appconfig_content)
}

resource "aws_appconfig_deployment_strategy" "this" {
  name                           = local.name
  deployment_duration_in_minutes = 0
  final_bake_time_in_minutes     = 0
  growth_factor                  = 100
  growth_type                    = "LINEAR"
  replicate_to                   = "NONE"
}

resource "aws_appconfig_deployment" "this" {
  application_id           = aws_appconfig_application.this.id
  environment_id           = aws_appconfig_environment.this.environment_id
  configuration_profile_id = aws_appconfig_configuration_profile.this.configuration_profile_id
  configuration_version    = aws_appconfig_hosted_configuration_version.this.version_number
  deployment_strategy_id   = aws_appconfig_deployment_strategy.this.id
}

# Only the AppConfig function reads the profile, and only this one.
resource "aws_iam_role_policy" "read_appconfig" {
  name = "read-appconfig-profile"
  role = module.functions.role_names["AppConfig"]
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect = "Allow"
      Action = ["appconfig:StartConfigurationSession", "appconfig:GetLatestConfiguration"]
      Resource = format(
        "%s/environment/%s/configuration/%s",
        aws_appconfig_application.this.arn,
        aws_appconfig_environment.this.environment_id,
        aws_appconfig_configuration_profile.this.configuration_profile_id,
      )
    }]
  })
}

output "AppConfigContent" {
  description = "The JSON document deployed to the profile, as a map."
  value       = local.appconfig_content
}
