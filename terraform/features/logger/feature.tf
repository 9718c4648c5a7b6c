# What this feature adds to the shared root module: extra environment and IAM
# statements for its functions (and any resources and outputs of its own).
locals {
  feature_environment = {}
  # No VPC: the functions (and the runner) run outside any VPC.
  feature_vpc               = null
  feature_policy_statements = []
}
