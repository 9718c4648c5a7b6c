output "function" {
  description = "The runner function's name and ARN."
  value = {
    name = aws_lambda_function.this.function_name
    arn  = aws_lambda_function.this.arn
  }
}
