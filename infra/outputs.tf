output "webhook_url" {
  description = "The webhook receiver's Function URL (registered with Partner Center)"
  value       = aws_lambda_function_url.webhook_receiver.function_url
}

output "sync_table_name" {
  description = "The DynamoDB table of the sync state"
  value       = aws_dynamodb_table.sync.name
}

output "sync_queue_url" {
  description = "The sync queue"
  value       = aws_sqs_queue.sync.url
}

output "sync_dead_letter_queue_url" {
  description = "The sync queue's dead-letter queue"
  value       = aws_sqs_queue.sync_dlq.url
}

output "secrets_prefix" {
  description = "Prefix of the Secrets Manager secrets entra-client-secret and partner-center-refresh-token"
  value       = local.secrets_prefix
}

output "dashboard_name" {
  description = "The CloudWatch dashboard"
  value       = aws_cloudwatch_dashboard.main.dashboard_name
}

output "registration_function_name" {
  description = "The registration function (invoke it with {\"action\":\"show\"} to see the registration)"
  value       = module.registration.function_name
}

output "admin_function_name" {
  description = "The admin function (invoke its alias live with {\"action\":\"resync\",…}, {\"action\":\"replay-dlq\"} or {\"action\":\"doctor\"})"
  value       = module.admin.function_name
}

output "webhook_registration" {
  description = "What the registration at deploy time reported"
  value       = var.register_webhook ? aws_lambda_invocation.webhook_registration[0].result : null
}
