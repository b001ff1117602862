# Where each function's resources were before modules/function: a stage applied before then keeps its functions,
# log groups (with their logs), roles and alarms, which Terraform only moves to their new addresses.

# ------------------------------------------------------------------ webhook-receiver

moved {
  from = aws_lambda_function.webhook_receiver
  to   = module.webhook_receiver.aws_lambda_function.this
}

moved {
  from = aws_lambda_alias.webhook_receiver
  to   = module.webhook_receiver.aws_lambda_alias.this
}

moved {
  from = aws_cloudwatch_log_group.webhook_receiver
  to   = module.webhook_receiver.aws_cloudwatch_log_group.this
}

moved {
  from = aws_iam_role.webhook_receiver
  to   = module.webhook_receiver.aws_iam_role.this
}

moved {
  from = aws_iam_role_policy.webhook_receiver
  to   = module.webhook_receiver.aws_iam_role_policy.this
}

moved {
  from = aws_cloudwatch_metric_alarm.webhook_receiver_errors
  to   = module.webhook_receiver.aws_cloudwatch_metric_alarm.errors[0]
}

moved {
  from = aws_cloudwatch_metric_alarm.webhook_receiver_throttles
  to   = module.webhook_receiver.aws_cloudwatch_metric_alarm.throttles[0]
}

# ------------------------------------------------------------------ mapper

moved {
  from = aws_lambda_function.mapper
  to   = module.mapper.aws_lambda_function.this
}

moved {
  from = aws_lambda_alias.mapper
  to   = module.mapper.aws_lambda_alias.this
}

moved {
  from = aws_cloudwatch_log_group.mapper
  to   = module.mapper.aws_cloudwatch_log_group.this
}

moved {
  from = aws_iam_role.mapper
  to   = module.mapper.aws_iam_role.this
}

moved {
  from = aws_iam_role_policy.mapper
  to   = module.mapper.aws_iam_role_policy.this
}

moved {
  from = aws_cloudwatch_metric_alarm.mapper_errors
  to   = module.mapper.aws_cloudwatch_metric_alarm.errors[0]
}

moved {
  from = aws_cloudwatch_metric_alarm.mapper_throttles
  to   = module.mapper.aws_cloudwatch_metric_alarm.throttles[0]
}

moved {
  from = aws_cloudwatch_metric_alarm.mapper_auth_failures
  to   = module.mapper.aws_cloudwatch_metric_alarm.auth_failures[0]
}

# ------------------------------------------------------------------ crm-poller

moved {
  from = aws_lambda_function.crm_poller
  to   = module.crm_poller.aws_lambda_function.this
}

moved {
  from = aws_lambda_alias.crm_poller
  to   = module.crm_poller.aws_lambda_alias.this
}

moved {
  from = aws_cloudwatch_log_group.crm_poller
  to   = module.crm_poller.aws_cloudwatch_log_group.this
}

moved {
  from = aws_iam_role.crm_poller
  to   = module.crm_poller.aws_iam_role.this
}

moved {
  from = aws_iam_role_policy.crm_poller
  to   = module.crm_poller.aws_iam_role_policy.this
}

moved {
  from = aws_cloudwatch_metric_alarm.crm_poller_errors
  to   = module.crm_poller.aws_cloudwatch_metric_alarm.errors[0]
}

moved {
  from = aws_cloudwatch_metric_alarm.crm_poller_throttles
  to   = module.crm_poller.aws_cloudwatch_metric_alarm.throttles[0]
}

# ------------------------------------------------------------------ reconciler

moved {
  from = aws_lambda_function.reconciler
  to   = module.reconciler.aws_lambda_function.this
}

moved {
  from = aws_lambda_alias.reconciler
  to   = module.reconciler.aws_lambda_alias.this
}

moved {
  from = aws_cloudwatch_log_group.reconciler
  to   = module.reconciler.aws_cloudwatch_log_group.this
}

moved {
  from = aws_iam_role.reconciler
  to   = module.reconciler.aws_iam_role.this
}

moved {
  from = aws_iam_role_policy.reconciler
  to   = module.reconciler.aws_iam_role_policy.this
}

moved {
  from = aws_cloudwatch_metric_alarm.reconciler_errors
  to   = module.reconciler.aws_cloudwatch_metric_alarm.errors[0]
}

moved {
  from = aws_cloudwatch_metric_alarm.reconciler_throttles
  to   = module.reconciler.aws_cloudwatch_metric_alarm.throttles[0]
}

# ------------------------------------------------------------------ token-keepalive

moved {
  from = aws_lambda_function.token_keepalive
  to   = module.token_keepalive.aws_lambda_function.this
}

moved {
  from = aws_lambda_alias.token_keepalive
  to   = module.token_keepalive.aws_lambda_alias.this
}

moved {
  from = aws_cloudwatch_log_group.token_keepalive
  to   = module.token_keepalive.aws_cloudwatch_log_group.this
}

moved {
  from = aws_iam_role.token_keepalive
  to   = module.token_keepalive.aws_iam_role.this
}

moved {
  from = aws_iam_role_policy.token_keepalive
  to   = module.token_keepalive.aws_iam_role_policy.this
}

moved {
  from = aws_cloudwatch_metric_alarm.token_keepalive_errors
  to   = module.token_keepalive.aws_cloudwatch_metric_alarm.errors[0]
}

moved {
  from = aws_cloudwatch_metric_alarm.token_keepalive_auth_failures
  to   = module.token_keepalive.aws_cloudwatch_metric_alarm.auth_failures[0]
}

# ------------------------------------------------------------------ admin

moved {
  from = aws_lambda_function.admin
  to   = module.admin.aws_lambda_function.this
}

moved {
  from = aws_lambda_alias.admin
  to   = module.admin.aws_lambda_alias.this
}

moved {
  from = aws_cloudwatch_log_group.admin
  to   = module.admin.aws_cloudwatch_log_group.this
}

moved {
  from = aws_iam_role.admin
  to   = module.admin.aws_iam_role.this
}

moved {
  from = aws_iam_role_policy.admin
  to   = module.admin.aws_iam_role_policy.this
}

# ------------------------------------------------------------------ registration

moved {
  from = aws_lambda_function.registration
  to   = module.registration.aws_lambda_function.this
}

moved {
  from = aws_lambda_alias.registration
  to   = module.registration.aws_lambda_alias.this
}

moved {
  from = aws_cloudwatch_log_group.registration
  to   = module.registration.aws_cloudwatch_log_group.this
}

moved {
  from = aws_iam_role.registration
  to   = module.registration.aws_iam_role.this
}

moved {
  from = aws_iam_role_policy.registration
  to   = module.registration.aws_iam_role_policy.this
}
