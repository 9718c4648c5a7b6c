# Streaming: a versioned bucket the suite writes its objects to (plain, gzip,
# CSV, zip, and two versions of one key); the functions read them with S3Object.
resource "aws_s3_bucket" "objects" {
  bucket = local.name
  # The suite's objects and their versions are not in the state: destroy empties the bucket.
  force_destroy = true
}

resource "aws_s3_bucket_versioning" "objects" {
  bucket = aws_s3_bucket.objects.id
  versioning_configuration {
    status = "Enabled"
  }
}

locals {
  feature_environment = {
    OBJECTS_BUCKET = aws_s3_bucket.objects.id
  }
  # S3Object issues HeadObject and ranged GetObject, of a given version when asked.
  # No VPC: the functions (and the runner) run outside any VPC.
  feature_vpc = null
  feature_policy_statements = [{
    Effect   = "Allow"
    Action   = ["s3:GetObject", "s3:GetObjectVersion"]
    Resource = "${aws_s3_bucket.objects.arn}/*"
  }]
}

output "ObjectsBucket" {
  description = "Versioned bucket the streaming functions read from."
  value       = aws_s3_bucket.objects.id
}
