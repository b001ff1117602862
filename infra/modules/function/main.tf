# One connector function: its Lambda function (published, alias "live"), log group, role with exactly the given
# statements, and the alarms asked for.

locals {
  function_name = "${var.stack.prefix}-${var.name}"
}

resource "aws_lambda_function" "this" {
  function_name    = local.function_name
  description      = var.description
  filename         = var.zip_file
  source_code_hash = filebase64sha256(var.zip_file)
  runtime          = "java21"
  handler          = var.handler
  architectures    = [var.stack.architecture]
  memory_size      = var.memory_size
  timeout          = var.timeout
  role             = aws_iam_role.this.arn
  layers           = var.layers
  publish          = true

  snap_start {
    apply_on = var.stack.snap_start
  }

  logging_config {
    log_format = "Text"
    log_group  = aws_cloudwatch_log_group.this.name
  }

  environment {
    variables = var.environment
  }
}

resource "aws_lambda_alias" "this" {
  name             = "live"
  function_name    = aws_lambda_function.this.function_name
  function_version = aws_lambda_function.this.version
}

resource "aws_cloudwatch_log_group" "this" {
  name              = "/aws/lambda/${local.function_name}"
  retention_in_days = var.stack.log_retention_days
}

# ------------------------------------------------------------------ role

data "aws_iam_policy_document" "assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "this" {
  name               = local.function_name
  assume_role_policy = data.aws_iam_policy_document.assume.json
}

data "aws_iam_policy_document" "this" {
  statement {
    sid       = "Logs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.this.arn}:*"]
  }

  dynamic "statement" {
    for_each = var.policy_statements

    content {
      sid       = statement.value.sid
      actions   = statement.value.actions
      resources = statement.value.resources
    }
  }
}

resource "aws_iam_role_policy" "this" {
  name   = var.name
  role   = aws_iam_role.this.id
  policy = data.aws_iam_policy_document.this.json
}

# ------------------------------------------------------------------ alarms

resource "aws_cloudwatch_metric_alarm" "errors" {
  count               = var.errors_alarm == null ? 0 : 1
  alarm_name          = "${local.function_name}-errors"
  alarm_description   = var.errors_alarm.description
  namespace           = "AWS/Lambda"
  metric_name         = "Errors"
  dimensions          = { FunctionName = aws_lambda_function.this.function_name }
  statistic           = "Sum"
  period              = var.errors_alarm.period
  evaluation_periods  = var.errors_alarm.evaluation_periods
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [var.stack.alarm_topic_arn]
}

resource "aws_cloudwatch_metric_alarm" "throttles" {
  count               = var.throttles_alarm == null ? 0 : 1
  alarm_name          = "${local.function_name}-throttles"
  alarm_description   = var.throttles_alarm.description
  namespace           = "AWS/Lambda"
  metric_name         = "Throttles"
  dimensions          = { FunctionName = aws_lambda_function.this.function_name }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [var.stack.alarm_topic_arn]
}

# AuthFailures: the connector's own metric (embedded metric format, aggregated by Function alone)
resource "aws_cloudwatch_metric_alarm" "auth_failures" {
  count               = var.auth_failures_alarm == null ? 0 : 1
  alarm_name          = "${local.function_name}-auth-failures"
  alarm_description   = var.auth_failures_alarm.description
  namespace           = "CosellConnector"
  metric_name         = "AuthFailures"
  dimensions          = { Function = aws_lambda_function.this.function_name }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [var.stack.alarm_topic_arn]
  ok_actions          = var.auth_failures_alarm.notify_ok ? [var.stack.alarm_topic_arn] : null
}
