# Feature whose handlers cannot load, copied into a throwaway checkout by tests/faults.
locals {
  feature_environment       = {}
  feature_vpc               = null
  feature_policy_statements = []
}
