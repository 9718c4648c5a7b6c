# One layer version per zip. The zip is content-addressed and deterministic,
# so an unchanged build keeps the same hash and is never republished.
resource "aws_lambda_layer_version" "this" {
  layer_name               = var.name
  filename                 = var.zip_path
  source_code_hash         = filebase64sha256(var.zip_path)
  compatible_runtimes      = var.compatible_runtimes
  compatible_architectures = var.compatible_architectures
  description              = "e2e layer ${basename(var.zip_path)}"
}
