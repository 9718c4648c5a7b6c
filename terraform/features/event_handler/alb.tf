# Event handler: the ALB in front of the ALBResolver function. Port 80 forwards
# to a target group with single-value headers, port 8080 to one with
# multi-value headers; an internet-facing ALB needs a VPC with an internet
# gateway and subnets in two zones.
data "aws_availability_zones" "available" {
  state = "available"
}

resource "aws_vpc" "alb" {
  cidr_block = "10.42.0.0/16"
}

resource "aws_internet_gateway" "alb" {
  vpc_id = aws_vpc.alb.id
}

resource "aws_route" "internet" {
  route_table_id         = aws_vpc.alb.main_route_table_id
  destination_cidr_block = "0.0.0.0/0"
  gateway_id             = aws_internet_gateway.alb.id
}

resource "aws_subnet" "alb" {
  count             = 2
  vpc_id            = aws_vpc.alb.id
  cidr_block        = cidrsubnet(aws_vpc.alb.cidr_block, 8, count.index)
  availability_zone = data.aws_availability_zones.available.names[count.index]
}

locals {
  # Listener port -> whether its target group sends multi-value headers.
  alb_listeners = { "80" = false, "8080" = true }
}

resource "aws_security_group" "alb" {
  name        = local.name
  description = "The suite calls the ALB's listeners over HTTP."
  vpc_id      = aws_vpc.alb.id

  dynamic "ingress" {
    for_each = local.alb_listeners
    content {
      description = "HTTP to listener ${ingress.key}"
      from_port   = tonumber(ingress.key)
      to_port     = tonumber(ingress.key)
      protocol    = "tcp"
      cidr_blocks = ["0.0.0.0/0"]
    }
  }
}

resource "aws_lb" "todos" {
  name               = local.alb_name
  load_balancer_type = "application"
  internal           = false
  subnets            = aws_subnet.alb[*].id
  security_groups    = [aws_security_group.alb.id]
  depends_on         = [aws_route.internet]
}

resource "aws_lb_target_group" "lambda" {
  for_each                           = local.alb_listeners
  name                               = "${local.target_group_base}-${each.value ? "multi" : "single"}"
  target_type                        = "lambda"
  lambda_multi_value_headers_enabled = each.value
}

resource "aws_lambda_permission" "alb" {
  for_each      = local.alb_listeners
  statement_id  = "alb-${each.key}"
  action        = "lambda:InvokeFunction"
  function_name = local.functions["Alb"].name
  principal     = "elasticloadbalancing.amazonaws.com"
  source_arn    = aws_lb_target_group.lambda[each.key].arn
}

resource "aws_lb_target_group_attachment" "lambda" {
  for_each         = local.alb_listeners
  target_group_arn = aws_lb_target_group.lambda[each.key].arn
  target_id        = local.functions["Alb"].arn
  depends_on       = [aws_lambda_permission.alb]
}

resource "aws_lb_listener" "http" {
  for_each          = local.alb_listeners
  load_balancer_arn = aws_lb.todos.arn
  port              = tonumber(each.key)
  protocol          = "HTTP"

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.lambda[each.key].arn
  }
}
