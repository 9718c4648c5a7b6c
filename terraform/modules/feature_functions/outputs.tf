output "functions" {
  description = "Per handler, keyed by PascalName: the function's name and ARN."
  value = {
    for name, function in var.functions : function.pascal_name => {
      name = aws_lambda_function.this[name].function_name
      arn  = aws_lambda_function.this[name].arn
    }
  }
}

output "role_names" {
  description = "IAM role of each function, keyed by PascalName (features attach extra policies here)."
  value       = { for name, function in var.functions : function.pascal_name => aws_iam_role.this[name].name }
}

output "log_group_arns" {
  description = "ARN of each function's log group, keyed by PascalName."
  value       = { for name, function in var.functions : function.pascal_name => aws_cloudwatch_log_group.this[name].arn }
}

output "code_bucket" {
  description = "The run's code bucket (the verifier runner also writes large results there)."
  value       = aws_s3_bucket.code.id
}

output "account_id" {
  description = "The account the functions live in."
  value       = data.aws_caller_identity.current.account_id
}
