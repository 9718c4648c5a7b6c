# Idempotency: the DynamoDB table every function persists its idempotency
# records in. Powertools checks `expiration` itself, so DynamoDB's lazy TTL
# deletion only keeps the table small.
resource "aws_dynamodb_table" "idempotency" {
  name         = local.name
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "id"

  attribute {
    name = "id"
    type = "S"
  }

  ttl {
    attribute_name = "expiration"
    enabled        = true
  }
}

locals {
  feature_environment = {
    IDEMPOTENCY_TABLE = aws_dynamodb_table.idempotency.name
  }
  # What DynamoDBPersistenceLayer calls, on this table only.
  # No VPC: the functions (and the runner) run outside any VPC.
  feature_vpc = null
  feature_policy_statements = [{
    Effect   = "Allow"
    Action   = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"]
    Resource = aws_dynamodb_table.idempotency.arn
  }]
}

output "IdempotencyTable" {
  description = "Name of the table holding the idempotency records."
  value       = aws_dynamodb_table.idempotency.name
}
