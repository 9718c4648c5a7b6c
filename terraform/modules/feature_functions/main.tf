locals {
  # handler module -> function name; the pipeline names the functions (scripts/pipeline/contracts.py).
  functions = { for name, function in var.functions : name => "${var.name_prefix}-${function.pascal_name}" }

  # A feature's statements apply to every function, or (with `Functions`, a
  # list of handler modules; not IAM's, so removed here) to those listed.
  function_statements = { for module in keys(var.functions) : module => [
    for statement in var.policy_statements : { for key, value in statement : key => value if key != "Functions" }
    if !contains(keys(statement), "Functions") || contains(try(statement.Functions, []), module)
  ] }
  # Named actions only: any '*' in an action (`*`, `dynamodb:*`, `s3:Get*`) or a NotAction is refused.
  wildcard_statements = [
    for index, statement in var.policy_statements : "${try(statement.Sid, "statement #${index + 1}")} (${jsonencode(try(statement.Action, statement.NotAction, null))})"
    if contains(keys(statement), "NotAction") || anytrue([for action in flatten([try(statement.Action, [])]) : strcontains(action, "*")])
  ]
  # In a VPC, Lambda manages the functions' network interfaces with the function's role
  # (AWSLambdaVPCAccessExecutionRole's actions; EC2 allows no narrower resource for them).
  vpc_statements = var.vpc == null ? [] : [{
    Effect   = "Allow"
    Action   = ["ec2:CreateNetworkInterface", "ec2:DescribeNetworkInterfaces", "ec2:DescribeSubnets", "ec2:DeleteNetworkInterface", "ec2:AssignPrivateIpAddresses", "ec2:UnassignPrivateIpAddresses"]
    Resource = "*"
  }]
  unknown_function_statements = [
    for index, statement in var.policy_statements : "${try(statement.Sid, "statement #${index + 1}")} (Functions ${jsonencode(statement.Functions)})"
    if contains(keys(statement), "Functions") && length(setsubtract(try(statement.Functions, []), keys(var.functions))) > 0
  ]
}

# Code goes through S3: the provider creates functions from local files one at
# a time (a global lock held through its 5 s wait for each function to become
# Active), but from S3 objects in parallel.
data "aws_caller_identity" "current" {
  # Checked here, once, while planning: a refused statement stops the apply before anything is created.
  lifecycle {
    precondition {
      condition     = length(local.wildcard_statements) == 0
      error_message = "IAM statements of this feature with a wildcard action (name each action; no '*', 'service:*' or NotAction): ${join(", ", local.wildcard_statements)}."
    }
    precondition {
      condition     = length(local.unknown_function_statements) == 0
      error_message = "IAM statements naming functions this feature does not have (Functions lists handler modules: ${join(", ", sort(keys(var.functions)))}): ${join(", ", local.unknown_function_statements)}."
    }
  }
}

resource "aws_s3_bucket" "code" {
  bucket        = replace(lower("${var.name_prefix}-code-${data.aws_caller_identity.current.account_id}"), "_", "-")
  force_destroy = true
}

resource "aws_s3_object" "code" {
  for_each    = local.functions
  bucket      = aws_s3_bucket.code.id
  key         = "${each.key}.zip"
  source      = "${var.package_dir}/${each.key}.zip"
  source_hash = filemd5("${var.package_dir}/${each.key}.zip")
}

resource "aws_cloudwatch_log_group" "this" {
  for_each          = local.functions
  name              = "/aws/lambda/${each.value}"
  retention_in_days = var.log_retention_days
}

resource "aws_iam_role" "this" {
  for_each = local.functions
  name     = each.value
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "lambda.amazonaws.com" }
    }]
  })

  lifecycle {
    precondition {
      condition     = length(each.value) <= 64
      error_message = "Name ${each.value} is longer than 64 characters: shorten the handler file name or the feature name."
    }
  }
}

# Least privilege: write this function's logs and its traces, plus what the
# feature asks for. X-Ray's write actions support no resource scoping.
resource "aws_iam_role_policy" "this" {
  for_each = local.functions
  name     = "write-logs-and-traces"
  role     = aws_iam_role.this[each.key].id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat([
      {
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = "${aws_cloudwatch_log_group.this[each.key].arn}:*"
      },
      {
        Effect   = "Allow"
        Action   = ["xray:PutTraceSegments", "xray:PutTelemetryRecords"]
        Resource = "*"
      },
    ], local.vpc_statements, local.function_statements[each.key])
  })
}

resource "aws_lambda_function" "this" {
  for_each         = local.functions
  function_name    = each.value
  role             = aws_iam_role.this[each.key].arn
  handler          = "${each.key}.lambda_handler"
  runtime          = var.runtime
  architectures    = [coalesce(var.functions[each.key].architecture, var.architecture)]
  s3_bucket        = aws_s3_object.code[each.key].bucket
  s3_key           = aws_s3_object.code[each.key].key
  source_code_hash = filebase64sha256("${var.package_dir}/${each.key}.zip")
  layers           = var.layer_arns
  memory_size      = coalesce(var.functions[each.key].memory_size, var.memory_size)
  timeout          = coalesce(var.functions[each.key].timeout, var.timeout)

  reserved_concurrent_executions = coalesce(var.functions[each.key].reserved_concurrency, -1) # -1: unreserved

  tracing_config {
    mode = "Active"
  }

  dynamic "vpc_config" {
    for_each = var.vpc == null ? [] : [var.vpc]
    content {
      subnet_ids         = vpc_config.value.subnet_ids
      security_group_ids = vpc_config.value.security_group_ids
    }
  }

  environment {
    variables = merge(var.environment, var.functions[each.key].environment, { POWERTOOLS_SERVICE_NAME = var.service_name })
  }

  # The log group (with its retention) and the role's policy must exist
  # before the first invoke writes logs.
  depends_on = [aws_cloudwatch_log_group.this, aws_iam_role_policy.this]

  # The verifiers set this variable to force a cold start (verifiers/lib/cold_start.py);
  # ignoring it keeps the plan after a verify empty.
  lifecycle {
    ignore_changes = [environment[0].variables["E2E_COLD_START_TOKEN"]]
  }
}
