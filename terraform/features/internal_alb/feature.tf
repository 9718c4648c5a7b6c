# Internal ALB: the Todos function behind a load balancer with `internal = true`,
# which answers only inside its VPC. The VPC has no internet gateway; the
# functions and RUNNER=lambda's runner are placed in its subnets
# (local.feature_vpc), and reach the AWS APIs the suite reads through VPC
# endpoints.
data "aws_availability_zones" "available" {
  state = "available"
}

locals {
  # Load balancer and target group names are at most 32 characters and end in a letter or digit.
  alb_name = trimsuffix(substr(local.name, 0, 32), "-")
  # The APIs the runner calls from inside the VPC (Lambda, CloudWatch Logs and metrics, X-Ray).
  interface_endpoints = ["lambda", "logs", "monitoring", "xray"]

  feature_environment = {}
  feature_vpc = {
    subnet_ids         = aws_subnet.private[*].id
    security_group_ids = [aws_security_group.functions.id]
  }
  feature_policy_statements = []
}

resource "aws_vpc" "private" {
  cidr_block           = "10.43.0.0/16"
  enable_dns_support   = true
  enable_dns_hostnames = true # interface endpoints with private DNS need both
}

resource "aws_subnet" "private" {
  count             = 2
  vpc_id            = aws_vpc.private.id
  cidr_block        = cidrsubnet(aws_vpc.private.cidr_block, 8, count.index)
  availability_zone = data.aws_availability_zones.available.names[count.index]
}

resource "aws_security_group" "functions" {
  name        = "${local.name}-functions"
  description = "The functions and the runner: calls out to the ALB and the VPC endpoints."
  vpc_id      = aws_vpc.private.id

  egress {
    description = "Anything in the VPC: the ALB and the endpoints."
    from_port   = 0
    to_port     = 0
    protocol    = "-1"
    cidr_blocks = [aws_vpc.private.cidr_block]
  }
}

resource "aws_security_group" "inside" {
  name        = "${local.name}-inside"
  description = "The ALB listener and the endpoints, for callers in the functions group."
  vpc_id      = aws_vpc.private.id

  dynamic "ingress" {
    for_each = { 80 = "HTTP to the ALB listener", 443 = "HTTPS to the VPC endpoints" }
    content {
      description     = ingress.value
      from_port       = ingress.key
      to_port         = ingress.key
      protocol        = "tcp"
      security_groups = [aws_security_group.functions.id]
    }
  }
}

resource "aws_vpc_endpoint" "interface" {
  for_each            = toset(local.interface_endpoints)
  vpc_id              = aws_vpc.private.id
  service_name        = "com.amazonaws.${var.region}.${each.key}"
  vpc_endpoint_type   = "Interface"
  subnet_ids          = aws_subnet.private[*].id
  security_group_ids  = [aws_security_group.inside.id]
  private_dns_enabled = true
}

resource "aws_vpc_endpoint" "s3" {
  vpc_id            = aws_vpc.private.id
  service_name      = "com.amazonaws.${var.region}.s3" # the runner's results larger than 6 MB
  vpc_endpoint_type = "Gateway"
  route_table_ids   = [aws_vpc.private.main_route_table_id]
}

resource "aws_lb" "todos" {
  name               = local.alb_name
  load_balancer_type = "application"
  internal           = true
  subnets            = aws_subnet.private[*].id
  security_groups    = [aws_security_group.inside.id]
}

resource "aws_lb_target_group" "todos" {
  name        = local.alb_name
  target_type = "lambda"
}

resource "aws_lambda_permission" "alb" {
  statement_id  = "alb"
  action        = "lambda:InvokeFunction"
  function_name = module.functions.functions["Todos"].name
  principal     = "elasticloadbalancing.amazonaws.com"
  source_arn    = aws_lb_target_group.todos.arn
}

resource "aws_lb_target_group_attachment" "todos" {
  target_group_arn = aws_lb_target_group.todos.arn
  target_id        = module.functions.functions["Todos"].arn
  depends_on       = [aws_lambda_permission.alb]
}

resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.todos.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.todos.arn
  }
}

output "InternalAlbDns" {
  description = "DNS name of the internal ALB (internal-…): it answers only inside the VPC."
  value       = aws_lb.todos.dns_name
}
