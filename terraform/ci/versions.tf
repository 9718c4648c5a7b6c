# The AWS side of CI, applied once with admin credentials (README "Running in
# CI"). The provider is pinned exactly, as in terraform/shared, so the
# committed lock file matches.
terraform {
  required_version = ">= 1.10"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "= 5.100.0"
    }
  }
}

# Credentials come from the standard chain of whoever applies this module.
provider "aws" {
  region = var.region

  default_tags {
    tags = var.tags
  }
}
