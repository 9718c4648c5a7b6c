# The runner function of RUNNER=lambda: runs the feature's suite next to what
# it tests (verifiers/runner/handler.py, one test module per invocation). Its
# role reads what a suite reads and nothing else: it invokes and reconfigures
# (cold starts) the feature's functions, reads their logs, metrics and traces,
# writes results too large for a response under runner-results/ in the run's
# code bucket, plus the statements the suite declares.
locals {
  # In a VPC, Lambda manages the runner's network interfaces with its role
  # (AWSLambdaVPCAccessExecutionRole's actions; EC2 allows no narrower resource for them).
  vpc_statements = var.vpc == null ? [] : [{
    Effect   = "Allow"
    Action   = ["ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets", "ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses"]
    Resource = "*"
  }]
}

resource "aws_cloudwatch_log_group" "this" {
  name              = "/aws/lambda/${var.name}"
  retention_in_days = var.log_retention_days
}

resource "aws_iam_role" "this" {
  name = var.name
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "lambda.amazonaws.com" }
    }]
  })
}

# CloudWatch's metric reads and X-Ray's trace reads support no resource scoping.
resource "aws_iam_role_policy" "this" {
  name = "read-what-the-suite-reads"
  role = aws_iam_role.this.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat([
      {
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = "${aws_cloudwatch_log_group.this.arn}:*"
      },
      {
        Effect   = "Allow"
        Action   = ["lambda:InvokeFunction", "lambda:GetFunctionConfiguration", "lambda:UpdateFunctionConfiguration"]
        Resource = concat(var.function_arns, [for arn in var.function_arns : "${arn}:*"])
      },
      {
        Effect   = "Allow"
        Action   = ["logs:FilterLogEvents"]
        Resource = concat(var.log_group_arns, [for arn in var.log_group_arns : "${arn}:*"])
      },
      {
        Effect   = "Allow"
        Action   = ["cloudwatch:GetMetricData", "xray:GetTraceSummaries", "xray:BatchGetTraces"]
        Resource = "*"
      },
      {
        Effect   = "Allow"
        Action   = ["s3:PutObject"]
        Resource = "arn:aws:s3:::${var.results_bucket}/runner-results/*"
      },
    ], local.vpc_statements, var.policy_statements)
  })
}

resource "aws_lambda_function" "this" {
  function_name    = var.name
  role             = aws_iam_role.this.arn
  handler          = "verifiers.runner.handler.lambda_handler"
  runtime          = var.runtime
  architectures    = [var.architecture]
  filename         = var.zip_path
  source_code_hash = filebase64sha256(var.zip_path)
  memory_size      = var.memory_size
  timeout          = var.timeout

  environment {
    # As the pipeline sets them for a local suite: the wait budgets' target, the run id in unique names.
    variables = { TARGET = var.target, E2E_RUN_ID = var.run_id, RESULTS_BUCKET = var.results_bucket }
  }

  dynamic "vpc_config" {
    for_each = var.vpc == null ? [] : [var.vpc]
    content {
      subnet_ids         = vpc_config.value.subnet_ids
      security_group_ids = vpc_config.value.security_group_ids
    }
  }

  depends_on = [aws_cloudwatch_log_group.this, aws_iam_role_policy.this]
}
