resource "aws_sns_topic" "alarms" {
  name = "${local.name}-alarms"
}

resource "aws_sns_topic_subscription" "alarm_email" {
  count     = var.alarm_email == "" ? 0 : 1
  topic_arn = aws_sns_topic.alarms.arn
  protocol  = "email"
  endpoint  = var.alarm_email
}

resource "aws_cloudwatch_metric_alarm" "dead_letters" {
  alarm_name          = "${local.name}-dead-letters"
  alarm_description   = "Sync messages failed five times and wait in the dead-letter queue"
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  dimensions          = { QueueName = aws_sqs_queue.sync_dlq.name }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]
}

resource "aws_cloudwatch_metric_alarm" "sync_queue_age" {
  alarm_name          = "${local.name}-sync-queue-age"
  alarm_description   = "The oldest sync message waits longer than 15 minutes (the mapper is failing or throttled)"
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateAgeOfOldestMessage"
  dimensions          = { QueueName = aws_sqs_queue.sync.name }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 900
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]
}

# The reconciler's one line per run, "reconcile: found … · queued N (K not in the CRM yet, …) · …", with N >= 1
# (CloudWatch's regex has no spaces or parentheses: "." stands for each)
resource "aws_cloudwatch_log_metric_filter" "missed_webhooks" {
  name           = "${local.name}-missed-webhooks"
  log_group_name = module.reconciler.log_group_name
  pattern        = "%reconcile:.found.+queued.[1-9][0-9]*..[0-9]+.not.in.the.CRM%"

  metric_transformation {
    namespace     = "cosell/${var.stage}"
    name          = "MissedWebhookRuns"
    value         = "1"
    default_value = "0"
  }
}

resource "aws_cloudwatch_metric_alarm" "missed_webhooks" {
  alarm_name          = "${local.name}-missed-webhooks"
  alarm_description   = "The reconciler queued referrals that no webhook had brought (not in the CRM yet, or changed since the last sync): Partner Center's webhooks are not reaching the receiver"
  namespace           = "cosell/${var.stage}"
  metric_name         = "MissedWebhookRuns"
  statistic           = "Sum"
  period              = 900
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alarms.arn]
}

locals {
  region = data.aws_region.current.region
  mapper = module.mapper.function_name
}

resource "aws_cloudwatch_dashboard" "main" {
  dashboard_name = local.name
  dashboard_body = jsonencode({
    widgets = [
      { type = "metric", x = 0, y = 0, width = 12, height = 6, properties = {
        title   = "Syncs by direction and outcome", region = local.region, stat = "Sum", period = 300
        metrics = [[{ id = "syncs", expression = "SEARCH('{CosellConnector,Direction,Function,Outcome} MetricName=\"Syncs\" Function=\"${local.mapper}\"', 'Sum', 300)" }]]
      } },
      { type = "metric", x = 12, y = 0, width = 12, height = 6, properties = {
        title   = "Sync latency p99 (ms) by direction and outcome", region = local.region, stat = "p99", period = 300
        metrics = [[{ id = "latency", expression = "SEARCH('{CosellConnector,Direction,Function,Outcome} MetricName=\"SyncLatency\" Function=\"${local.mapper}\"', 'p99', 300)" }]]
      } },
      { type = "metric", x = 0, y = 6, width = 12, height = 6, properties = {
        title = "Sync queue depth and age of the oldest message (s)", region = local.region, stat = "Maximum", period = 300
        metrics = [["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", aws_sqs_queue.sync.name],
        ["AWS/SQS", "ApproximateAgeOfOldestMessage", "QueueName", aws_sqs_queue.sync.name, { yAxis = "right" }]]
      } },
      { type = "metric", x = 12, y = 6, width = 12, height = 6, properties = {
        title = "Dead letters: waiting in the dead-letter queue, and sent there by direction", region = local.region, stat = "Maximum", period = 300
        metrics = [["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", aws_sqs_queue.sync_dlq.name],
        [{ id = "deadletters", expression = "SEARCH('{CosellConnector,Direction,Function} MetricName=\"DeadLetters\" Function=\"${local.mapper}\"', 'Sum', 300)", yAxis = "right" }]]
      } },
      { type = "metric", x = 0, y = 12, width = 12, height = 6, properties = {
        title = "API throttles (429) and retries by API", region = local.region, stat = "Sum", period = 300
        metrics = [[{ id = "throttles", expression = "SEARCH('{CosellConnector,Api,Function} MetricName=\"Throttles\" ${var.stage}', 'Sum', 300)" }],
        [{ id = "retries", expression = "SEARCH('{CosellConnector,Api,Function} MetricName=\"Retries\" ${var.stage}', 'Sum', 300)" }]]
      } },
      { type = "metric", x = 12, y = 12, width = 12, height = 6, properties = {
        title = "Lambda errors and throttles", region = local.region, stat = "Sum", period = 300
        metrics = [["AWS/Lambda", "Errors", "FunctionName", module.webhook_receiver.function_name],
          ["...", module.mapper.function_name], ["...", module.crm_poller.function_name],
          ["...", module.reconciler.function_name], ["...", module.token_keepalive.function_name],
          ["AWS/Lambda", "Throttles", "FunctionName", module.webhook_receiver.function_name],
          ["...", module.mapper.function_name], ["...", module.crm_poller.function_name],
        ["...", module.reconciler.function_name]]
      } },
      { type = "metric", x = 0, y = 18, width = 12, height = 6, properties = {
        title   = "Auth failures (invalid_grant) by reason", region = local.region, stat = "Sum", period = 300
        metrics = [[{ id = "authfailures", expression = "SEARCH('{CosellConnector,Function,Reason} MetricName=\"AuthFailures\" ${var.stage}', 'Sum', 300)" }]]
      } },
      { type = "metric", x = 12, y = 18, width = 12, height = 6, properties = {
        title   = "Reconciler runs that found referrals the webhooks missed", region = local.region, stat = "Sum", period = 900
        metrics = [["cosell/${var.stage}", "MissedWebhookRuns"]]
      } },
    ]
  })
}

data "aws_region" "current" {}
