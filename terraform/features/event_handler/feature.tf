# Event handler: each resolver behind its front door. A REST API (AWS_PROXY on
# {proxy+}, and /openapi/{proxy+} for the OpenAPI-validated resolver), an HTTP
# API with AWS_IAM auth, an ALB with two Lambda target groups (single- and
# multi-value headers) and a Function URL with AWS_IAM auth.
data "aws_partition" "current" {}

locals {
  functions = module.functions.functions
  # API Gateway integrations name a function by its invoke ARN.
  invoke_arns = {
    for pascal, function in local.functions :
    pascal => "arn:${data.aws_partition.current.partition}:apigateway:${var.region}:lambda:path/2015-03-31/functions/${function.arn}/invocations"
  }
  # Load balancer and target group names are at most 32 characters and end in a letter or digit.
  alb_name          = trimsuffix(substr(local.name, 0, 32), "-")
  target_group_base = trimsuffix(substr(local.name, 0, 25), "-")

  feature_environment = {}
  # No VPC: the functions (and the runner) run outside any VPC.
  feature_vpc               = null
  feature_policy_statements = []
}

# --- REST API (v1) -----------------------------------------------------------

resource "aws_api_gateway_rest_api" "todos" {
  name = local.name
}

resource "aws_api_gateway_resource" "proxy" {
  rest_api_id = aws_api_gateway_rest_api.todos.id
  parent_id   = aws_api_gateway_rest_api.todos.root_resource_id
  path_part   = "{proxy+}"
}

resource "aws_api_gateway_resource" "openapi" {
  rest_api_id = aws_api_gateway_rest_api.todos.id
  parent_id   = aws_api_gateway_rest_api.todos.root_resource_id
  path_part   = "openapi"
}

resource "aws_api_gateway_resource" "openapi_proxy" {
  rest_api_id = aws_api_gateway_rest_api.todos.id
  parent_id   = aws_api_gateway_resource.openapi.id
  path_part   = "{proxy+}"
}

locals {
  # REST resource -> the function behind it.
  rest_routes = {
    proxy   = { resource_id = aws_api_gateway_resource.proxy.id, function = "RestApi" }
    openapi = { resource_id = aws_api_gateway_resource.openapi_proxy.id, function = "OpenapiSchema" }
  }
}

resource "aws_api_gateway_method" "any" {
  for_each      = local.rest_routes
  rest_api_id   = aws_api_gateway_rest_api.todos.id
  resource_id   = each.value.resource_id
  http_method   = "ANY"
  authorization = "NONE"
}

resource "aws_api_gateway_integration" "lambda" {
  for_each                = local.rest_routes
  rest_api_id             = aws_api_gateway_rest_api.todos.id
  resource_id             = each.value.resource_id
  http_method             = aws_api_gateway_method.any[each.key].http_method
  type                    = "AWS_PROXY"
  integration_http_method = "POST"
  uri                     = local.invoke_arns[each.value.function]
}

resource "aws_api_gateway_deployment" "todos" {
  rest_api_id = aws_api_gateway_rest_api.todos.id
  triggers = {
    redeployment = sha1(jsonencode([for integration in aws_api_gateway_integration.lambda : integration.id]))
  }
  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_api_gateway_stage" "e2e" {
  rest_api_id   = aws_api_gateway_rest_api.todos.id
  deployment_id = aws_api_gateway_deployment.todos.id
  stage_name    = "e2e"
}

resource "aws_lambda_permission" "rest_api" {
  for_each      = local.rest_routes
  statement_id  = "rest-api-${each.key}"
  action        = "lambda:InvokeFunction"
  function_name = local.functions[each.value.function].name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_api_gateway_rest_api.todos.execution_arn}/*/*"
}

# --- HTTP API (payload 2.0, AWS_IAM) -----------------------------------------

resource "aws_apigatewayv2_api" "todos" {
  name          = local.name
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_integration" "lambda" {
  api_id                 = aws_apigatewayv2_api.todos.id
  integration_type       = "AWS_PROXY"
  integration_uri        = local.invoke_arns["HttpApi"]
  payload_format_version = "2.0"
}

resource "aws_apigatewayv2_route" "proxy" {
  api_id             = aws_apigatewayv2_api.todos.id
  route_key          = "ANY /{proxy+}"
  authorization_type = "AWS_IAM"
  target             = "integrations/${aws_apigatewayv2_integration.lambda.id}"
}

resource "aws_apigatewayv2_stage" "default" {
  api_id      = aws_apigatewayv2_api.todos.id
  name        = "$default"
  auto_deploy = true
}

resource "aws_lambda_permission" "http_api" {
  statement_id  = "http-api"
  action        = "lambda:InvokeFunction"
  function_name = local.functions["HttpApi"].name
  principal     = "apigateway.amazonaws.com"
  source_arn    = "${aws_apigatewayv2_api.todos.execution_arn}/*/*"
}

# --- Function URL (AWS_IAM) --------------------------------------------------

resource "aws_lambda_function_url" "todos" {
  function_name      = local.functions["FunctionUrl"].name
  authorization_type = "AWS_IAM"
}
