# Batch: a standard and a FIFO queue, each with a dead-letter queue after two
# receives and an event source mapping that lets the function report partial
# failures; a table where the functions count how often they saw each record.
locals {
  # Lambda refuses a mapping whose queue's visibility timeout is shorter than
  # the function's timeout; equal keeps a failed record's two receives short.
  # 30: the feature_functions module's default timeout.
  visibility_timeout_seconds = max([for function in values(var.functions) : coalesce(function.timeout, 30)]...)
  max_receive_count          = 2
}

resource "aws_dynamodb_table" "attempts" {
  name         = local.name
  billing_mode = "PAY_PER_REQUEST"
  hash_key     = "record_id"

  attribute {
    name = "record_id"
    type = "S"
  }
}

resource "aws_sqs_queue" "standard_dlq" {
  name = "${local.name}-standard-dlq"
}

resource "aws_sqs_queue" "standard" {
  name                       = "${local.name}-standard"
  visibility_timeout_seconds = local.visibility_timeout_seconds
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.standard_dlq.arn
    maxReceiveCount     = local.max_receive_count
  })
}

resource "aws_sqs_queue" "fifo_dlq" {
  name       = "${local.name}-fifo-dlq.fifo"
  fifo_queue = true
}

resource "aws_sqs_queue" "fifo" {
  name                       = "${local.name}-fifo.fifo"
  fifo_queue                 = true
  visibility_timeout_seconds = local.visibility_timeout_seconds
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.fifo_dlq.arn
    maxReceiveCount     = local.max_receive_count
  })
}

resource "aws_lambda_event_source_mapping" "standard" {
  event_source_arn        = aws_sqs_queue.standard.arn
  function_name           = module.functions.functions["StandardBatch"].arn
  batch_size              = 10
  function_response_types = ["ReportBatchItemFailures"]
}

resource "aws_lambda_event_source_mapping" "fifo" {
  event_source_arn        = aws_sqs_queue.fifo.arn
  function_name           = module.functions.functions["FifoBatch"].arn
  batch_size              = 10
  function_response_types = ["ReportBatchItemFailures"]
}

locals {
  feature_environment = {
    ATTEMPTS_TABLE = aws_dynamodb_table.attempts.name
  }
  # No VPC: the functions (and the runner) run outside any VPC.
  feature_vpc = null
  feature_policy_statements = [
    {
      # What Lambda's poller does with the function's role.
      Effect   = "Allow"
      Action   = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"]
      Resource = [aws_sqs_queue.standard.arn, aws_sqs_queue.fifo.arn]
    },
    {
      Effect   = "Allow"
      Action   = ["dynamodb:UpdateItem"]
      Resource = aws_dynamodb_table.attempts.arn
    },
  ]
}

output "StandardQueueUrl" {
  description = "Standard queue the StandardBatch function consumes."
  value       = aws_sqs_queue.standard.url
}

output "StandardDlqUrl" {
  description = "Where the standard queue moves a record after its second failed receive."
  value       = aws_sqs_queue.standard_dlq.url
}

output "FifoQueueUrl" {
  description = "FIFO queue the FifoBatch function consumes."
  value       = aws_sqs_queue.fifo.url
}

output "FifoDlqUrl" {
  description = "Where the FIFO queue moves a record after its second failed receive."
  value       = aws_sqs_queue.fifo_dlq.url
}

output "AttemptsTable" {
  description = "record_id -> attempts: how often a function was given each record."
  value       = aws_dynamodb_table.attempts.name
}
