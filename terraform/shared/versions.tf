# Shared by every feature root module (terraform/features/<f>/versions.tf is a
# symlink here). The provider version is exact so that the committed lock file
# (.terraform.lock.hcl, also a symlink) matches everywhere.
terraform {
  required_version = ">= 1.5"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "= 5.100.0"
    }
  }
  # The pipeline passes -backend-config=path=build/runs/<run_id>/<feature>/terraform.tfstate.
  backend "local" {}
}

# Endpoint and credentials come from the environment (AWS_ENDPOINT_URL and the
# standard credential chain), never from this file.
provider "aws" {
  region            = var.region
  s3_use_path_style = var.s3_use_path_style

  default_tags {
    tags = local.tags
  }
}
