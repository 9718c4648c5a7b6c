# Where the suite calls each front door (on TARGET=local the pipeline rewrites
# these into localcloud URLs).
output "RestApiUrl" {
  description = "Invoke URL of the REST API's e2e stage (RestApi at /, OpenapiSchema at /openapi)."
  value       = aws_api_gateway_stage.e2e.invoke_url
}

output "HttpApiUrl" {
  description = "Invoke URL of the HTTP API's $default stage (AWS_IAM: requests must be SigV4-signed)."
  value       = aws_apigatewayv2_stage.default.invoke_url
}

output "AlbUrl" {
  description = "The ALB's port 80 listener: the target group with single-value headers."
  value       = "http://${aws_lb.todos.dns_name}"
}

output "AlbMultiValueUrl" {
  description = "The ALB's port 8080 listener: the target group with multi-value headers."
  value       = "http://${aws_lb.todos.dns_name}:8080"
}

output "LambdaFunctionUrl" {
  description = "The FunctionUrl function's URL (AWS_IAM: requests must be SigV4-signed)."
  value       = aws_lambda_function_url.todos.function_url
}
