# Shared by every feature root module (symlinked). What a feature adds lives
# in its own feature.tf, which defines local.feature_environment,
# local.feature_vpc and local.feature_policy_statements (and any extra
# resources and outputs).
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
  vpc               = local.feature_vpc
  policy_statements = local.feature_policy_statements
}

# RUNNER=lambda: the suite runs as this function, deployed and destroyed with
# the feature. What the suite reads beyond the functions, their logs, metrics
# and traces it declares in verifiers/<f>/runner_policy.json: IAM statements,
# with ${name} (this run's <prefix>-<run_id>-<feature>), ${region} and
# ${account_id} filled in.
locals {
  runner_policy_file = "${path.root}/../../../verifiers/${local.feature}/runner_policy.json"
}

module "runner" {
  count          = var.runner == null ? 0 : 1
  source         = "../../modules/verifier_runner"
  name           = "${local.name}-Runner"
  zip_path       = var.runner.zip_path
  target         = var.runner.target
  run_id         = var.run_id
  runtime        = var.runtime
  architecture   = var.architecture
  function_arns  = [for function in module.functions.functions : function.arn]
  log_group_arns = values(module.functions.log_group_arns)
  results_bucket = module.functions.code_bucket
  vpc            = local.feature_vpc # the suite reaches what the functions reach
  policy_statements = fileexists(local.runner_policy_file) ? jsondecode(templatefile(local.runner_policy_file, {
    name       = local.name
    region     = var.region
    account_id = module.functions.account_id
  })) : []
}
