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
