# Shared by every feature root module (symlinked). What a feature adds lives
# in its own feature.tf, which defines local.feature_environment and
# local.feature_policy_statements (and any extra resources and outputs).
locals {
  feature = basename(abspath(path.root))
  name    = "${var.name_prefix}-${var.run_id}-${var.feature_resource_name}"
  tags = {
    E2ERunId     = var.run_id
    E2EFeature   = local.feature
    E2ECreatedAt = var.created_at
  }
}

module "layer" {
  source              = "../../modules/layer"
  name                = local.name
  zip_path            = var.layer_zip
  compatible_runtimes = [var.runtime]
  # Wheels are chosen for var.architecture; a function set to the other one
  # (settings.json) gets the same layer, so its packages must be pure Python.
  compatible_architectures = sort(distinct(concat([var.architecture], compact([for f in var.functions : f.architecture]))))
}

module "functions" {
  source            = "../../modules/feature_functions"
  name_prefix       = local.name
  functions         = var.functions
  package_dir       = var.package_dir
  layer_arns        = [module.layer.arn]
  runtime           = var.runtime
  architecture      = var.architecture
  service_name      = local.name
  environment       = local.feature_environment
  policy_statements = local.feature_policy_statements
}
