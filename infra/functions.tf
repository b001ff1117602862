# Each function is one call of modules/function (function, alias "live", log group, role, alarms); what only one
# function has (the receiver's Function URL, the mapper's queue, the schedules, the deploy-time registration) follows
# its call.

locals {
  snap_start = var.snap_start ? "PublishedVersions" : "None"

  stack = {
    prefix             = local.name
    architecture       = var.architecture
    snap_start         = local.snap_start
    log_retention_days = var.log_retention_days
    alarm_topic_arn    = aws_sns_topic.alarms.arn
  }

  sync_table_actions    = ["dynamodb:BatchGetItem", "dynamodb:DeleteItem", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:UpdateItem"]
  refresh_token_actions = ["secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue", "secretsmanager:UpdateSecretVersionStage"]
}

# ------------------------------------------------------------------ webhook-receiver (Function URL, auth NONE)

module "webhook_receiver" {
  source      = "./modules/function"
  stack       = local.stack
  name        = "webhook-receiver"
  description = "Partner Center webhook in (Function URL), signature checked, one sync message per referral event"
  zip_file    = "${path.module}/../functions/webhook-receiver/target/function.zip"
  memory_size = 1024
  timeout     = 10

  environment = {
    COSELL_SYNC_TABLE       = aws_dynamodb_table.sync.name
    COSELL_SYNC_QUEUE_URL   = aws_sqs_queue.sync.url
    COSELL_FUNCTION_TIMEOUT = "10s"
  }

  policy_statements = [
    { sid = "SyncTable", actions = local.sync_table_actions, resources = [aws_dynamodb_table.sync.arn] },
    { sid = "SyncQueue", actions = ["sqs:SendMessage"], resources = [aws_sqs_queue.sync.arn] },
  ]

  errors_alarm = {
    description        = "The webhook receiver failed invocations (Partner Center deliveries are being lost or retried)"
    period             = 300
    evaluation_periods = 1
  }
  throttles_alarm = { description = "Lambda throttled the webhook receiver (account concurrency exhausted)" }
}

resource "aws_lambda_function_url" "webhook_receiver" {
  function_name      = module.webhook_receiver.function_name
  qualifier          = module.webhook_receiver.alias_name
  authorization_type = "NONE"
}

# A public Function URL needs both statements since October 2025.
resource "aws_lambda_permission" "webhook_receiver_url" {
  statement_id           = "FunctionUrlPublicAccess"
  action                 = "lambda:InvokeFunctionUrl"
  function_name          = module.webhook_receiver.function_name
  qualifier              = module.webhook_receiver.alias_name
  principal              = "*"
  function_url_auth_type = "NONE"
}

resource "aws_lambda_permission" "webhook_receiver_invoke_via_url" {
  statement_id             = "FunctionUrlInvokeFunction"
  action                   = "lambda:InvokeFunction"
  function_name            = module.webhook_receiver.function_name
  qualifier                = module.webhook_receiver.alias_name
  principal                = "*"
  invoked_via_function_url = true
}

# ------------------------------------------------------------------ mapper (sync queue)

module "mapper" {
  source      = "./modules/function"
  stack       = local.stack
  name        = "mapper"
  description = "Sync queue in; Partner Center <-> Dataverse, one referral or opportunity per message"
  zip_file    = "${path.module}/../functions/mapper/target/function.zip"
  handler     = "io.cosell.functions.mapper.MapperStreamHandler::handleRequest"
  memory_size = 1024
  timeout     = 60
  layers      = [var.secrets_extension_layer_arn]

  environment = {
    COSELL_SYNC_TABLE             = aws_dynamodb_table.sync.name
    COSELL_SYNC_QUEUE_URL         = aws_sqs_queue.sync.url
    COSELL_SYNC_MAX_RECEIVE_COUNT = "5"
    COSELL_DATAVERSE_API_ROOT     = var.dataverse_api_root
    COSELL_ENTRA_TENANT           = var.entra_tenant
    COSELL_ENTRA_CLIENT_ID        = var.entra_client_id
    COSELL_SECRETS_LOCATION       = local.secrets_prefix
    COSELL_MAPPING_JSON           = var.mapping_json
    COSELL_FUNCTION_TIMEOUT       = "60s"
    COSELL_FUNCTION_BATCH_SIZE    = "10"
  }

  policy_statements = [
    { sid = "SyncTable", actions = local.sync_table_actions, resources = [aws_dynamodb_table.sync.arn] },
    { sid = "SyncQueueConsumer", actions = ["sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ReceiveMessage"], resources = [aws_sqs_queue.sync.arn] },
    { sid = "SyncQueue", actions = ["sqs:SendMessage"], resources = [aws_sqs_queue.sync.arn] },
    { sid = "Secrets", actions = ["secretsmanager:GetSecretValue"], resources = [aws_secretsmanager_secret.entra_client_secret.arn] },
    { sid = "RefreshToken", actions = local.refresh_token_actions, resources = [aws_secretsmanager_secret.partner_center_refresh_token.arn] },
  ]

  errors_alarm = {
    description        = "The mapper failed whole invocations (start-up, configuration, timeout)"
    period             = 300
    evaluation_periods = 1
  }
  throttles_alarm = { description = "Lambda throttled the mapper (account concurrency exhausted)" }
  auth_failures_alarm = {
    description = "Entra ID refused the Partner Center refresh token (invalid_grant) to a sync: the Referrals admin must sign in again; syncs to Partner Center wait on the queue until then"
    notify_ok   = true
  }
}

resource "aws_lambda_event_source_mapping" "mapper_sync_queue" {
  event_source_arn        = aws_sqs_queue.sync.arn
  function_name           = module.mapper.alias_arn
  batch_size              = 10
  function_response_types = ["ReportBatchItemFailures"]

  scaling_config {
    maximum_concurrency = var.mapper_maximum_concurrency
  }
}

# ------------------------------------------------------------------ crm-poller (schedule)

module "crm_poller" {
  source      = "./modules/function"
  stack       = local.stack
  name        = "crm-poller"
  description = "Schedule in; Dataverse changes since the cursor, one sync message per changed opportunity"
  zip_file    = "${path.module}/../functions/crm-poller/target/function.zip"
  memory_size = 1024
  timeout     = 60
  layers      = [var.secrets_extension_layer_arn]

  environment = {
    COSELL_SYNC_TABLE         = aws_dynamodb_table.sync.name
    COSELL_SYNC_QUEUE_URL     = aws_sqs_queue.sync.url
    COSELL_DATAVERSE_API_ROOT = var.dataverse_api_root
    COSELL_ENTRA_TENANT       = var.entra_tenant
    COSELL_ENTRA_CLIENT_ID    = var.entra_client_id
    COSELL_SECRETS_LOCATION   = local.secrets_prefix
    COSELL_MAPPING_JSON       = var.mapping_json
    COSELL_CRM_POLLER_MODE    = var.crm_poller_mode
    COSELL_MIGRATION_PENDING  = var.migrating
    COSELL_FUNCTION_TIMEOUT   = "60s"
  }

  policy_statements = [
    { sid = "SyncTable", actions = local.sync_table_actions, resources = [aws_dynamodb_table.sync.arn] },
    { sid = "SyncQueue", actions = ["sqs:SendMessage"], resources = [aws_sqs_queue.sync.arn] },
    { sid = "Secrets", actions = ["secretsmanager:GetSecretValue"], resources = [aws_secretsmanager_secret.entra_client_secret.arn] },
  ]

  errors_alarm = {
    description        = "The CRM poller failed three runs in a row (CRM changes are not reaching Partner Center)"
    period             = 60
    evaluation_periods = 3
  }
  throttles_alarm = { description = "Lambda throttled the CRM poller (account concurrency exhausted)" }
}

resource "aws_scheduler_schedule" "crm_poller" {
  name                = "${local.name}-crm-poller"
  description         = "Runs the CRM poller; one run at a time, the poller holds a lease"
  schedule_expression = var.poll_schedule
  state               = "ENABLED"

  flexible_time_window {
    mode = "OFF"
  }

  target {
    arn      = module.crm_poller.alias_arn
    role_arn = aws_iam_role.crm_poller_schedule.arn
    input    = "{\"source\":\"schedule\"}"

    retry_policy {
      maximum_retry_attempts = 0
    }
  }
}

# ------------------------------------------------------------------ reconciler (schedule)

module "reconciler" {
  source      = "./modules/function"
  stack       = local.stack
  name        = "reconciler"
  description = "Schedule in; referrals Partner Center changed since the cursor that the CRM lacks, queued for sync"
  zip_file    = "${path.module}/../functions/reconciler/target/function.zip"
  memory_size = 1024
  timeout     = 60
  layers      = [var.secrets_extension_layer_arn]

  environment = {
    COSELL_SYNC_TABLE        = aws_dynamodb_table.sync.name
    COSELL_SYNC_QUEUE_URL    = aws_sqs_queue.sync.url
    COSELL_ENTRA_TENANT      = var.entra_tenant
    COSELL_ENTRA_CLIENT_ID   = var.entra_client_id
    COSELL_SECRETS_LOCATION  = local.secrets_prefix
    COSELL_MIGRATION_PENDING = var.migrating
    COSELL_FUNCTION_TIMEOUT  = "60s"
  }

  policy_statements = [
    { sid = "SyncTable", actions = local.sync_table_actions, resources = [aws_dynamodb_table.sync.arn] },
    { sid = "SyncQueue", actions = ["sqs:SendMessage"], resources = [aws_sqs_queue.sync.arn] },
    { sid = "Secrets", actions = ["secretsmanager:GetSecretValue"], resources = [aws_secretsmanager_secret.entra_client_secret.arn] },
    { sid = "RefreshToken", actions = local.refresh_token_actions, resources = [aws_secretsmanager_secret.partner_center_refresh_token.arn] },
  ]

  errors_alarm = {
    description        = "A reconciler run failed (referrals the webhooks missed are not being caught up)"
    period             = 900
    evaluation_periods = 1
  }
  throttles_alarm = { description = "Lambda throttled the reconciler (account concurrency exhausted)" }
}

resource "aws_scheduler_schedule" "reconciler" {
  name                = "${local.name}-reconciler"
  description         = "Runs the reconciler; one run at a time, the reconciler holds a lease"
  schedule_expression = var.reconcile_schedule
  state               = "ENABLED"

  flexible_time_window {
    mode = "OFF"
  }

  target {
    arn      = module.reconciler.alias_arn
    role_arn = aws_iam_role.reconciler_schedule.arn
    input    = "{\"source\":\"schedule\"}"

    retry_policy {
      maximum_retry_attempts = 0
    }
  }
}

# ------------------------------------------------------------------ token-keepalive (schedule)

module "token_keepalive" {
  source      = "./modules/function"
  stack       = local.stack
  name        = "token-keepalive"
  description = "Schedule in; redeems the Partner Center refresh token and stores the new one, so it never ages out"
  zip_file    = "${path.module}/../functions/token-keepalive/target/function.zip"
  memory_size = 512
  timeout     = 60
  layers      = [var.secrets_extension_layer_arn]

  environment = {
    COSELL_ENTRA_TENANT     = var.entra_tenant
    COSELL_ENTRA_CLIENT_ID  = var.entra_client_id
    COSELL_SECRETS_LOCATION = local.secrets_prefix
    COSELL_FUNCTION_TIMEOUT = "60s"
  }

  policy_statements = [
    { sid = "Secrets", actions = ["secretsmanager:GetSecretValue"], resources = [aws_secretsmanager_secret.entra_client_secret.arn] },
    { sid = "RefreshToken", actions = local.refresh_token_actions, resources = [aws_secretsmanager_secret.partner_center_refresh_token.arn] },
  ]

  errors_alarm = {
    description        = "The refresh-token keep-alive failed (Secrets Manager or Entra ID unreachable, configuration): the refresh token is not being renewed"
    period             = 300
    evaluation_periods = 1
  }
  auth_failures_alarm = {
    description = "Entra ID refused the Partner Center refresh token (invalid_grant) to the keep-alive: the Referrals admin must sign in again"
    notify_ok   = false
  }
}

resource "aws_scheduler_schedule" "token_keepalive" {
  name                = "${local.name}-token-keepalive"
  description         = "Redeems the Partner Center refresh token before it ages out"
  schedule_expression = var.keep_alive_schedule
  state               = "ENABLED"

  flexible_time_window {
    mode = "OFF"
  }

  target {
    arn      = module.token_keepalive.alias_arn
    role_arn = aws_iam_role.token_keepalive_schedule.arn
    input    = "{\"source\":\"schedule\"}"

    retry_policy {
      maximum_retry_attempts = 2
    }
  }
}

# ------------------------------------------------------------------ admin (invoked by an operator, no trigger)

module "admin" {
  source      = "./modules/function"
  stack       = local.stack
  name        = "admin"
  description = "Direct invoke by an operator; resync a referral or opportunity, replay dead letters, doctor"
  zip_file    = "${path.module}/../functions/admin/target/function.zip"
  memory_size = 512
  # no longer than the 120 s the dead-letter replay hides the messages it keeps, so none is looked at twice
  timeout = 120
  layers  = [var.secrets_extension_layer_arn]

  environment = {
    COSELL_SYNC_TABLE         = aws_dynamodb_table.sync.name
    COSELL_SYNC_QUEUE_URL     = aws_sqs_queue.sync.url
    COSELL_SYNC_DLQ_URL       = aws_sqs_queue.sync_dlq.url
    COSELL_DATAVERSE_API_ROOT = var.dataverse_api_root
    COSELL_ENTRA_TENANT       = var.entra_tenant
    COSELL_ENTRA_CLIENT_ID    = var.entra_client_id
    COSELL_SECRETS_LOCATION   = local.secrets_prefix
    COSELL_MAPPING_JSON       = var.mapping_json
    COSELL_DOCTOR_WEBHOOK_URL = aws_lambda_function_url.webhook_receiver.function_url
    COSELL_FUNCTION_TIMEOUT   = "120s"
  }

  policy_statements = [
    { sid = "SyncTable", actions = ["dynamodb:DescribeTable", "dynamodb:GetItem"], resources = [aws_dynamodb_table.sync.arn] },
    { sid = "SyncQueue", actions = ["sqs:GetQueueAttributes", "sqs:SendMessage"], resources = [aws_sqs_queue.sync.arn] },
    { sid = "DeadLetterQueue", actions = ["sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ReceiveMessage"], resources = [aws_sqs_queue.sync_dlq.arn] },
    { sid = "Secrets", actions = ["secretsmanager:GetSecretValue"], resources = [aws_secretsmanager_secret.entra_client_secret.arn] },
    { sid = "RefreshToken", actions = ["secretsmanager:GetSecretValue"], resources = [aws_secretsmanager_secret.partner_center_refresh_token.arn] },
  ]
}

# ------------------------------------------------------------------ registration (at deploy time)

module "registration" {
  source      = "./modules/function"
  stack       = local.stack
  name        = "registration"
  description = "Registers the webhook URL with Partner Center (deploy-time custom resource, or a direct invoke)"
  zip_file    = "${path.module}/../functions/registration/target/function.zip"
  memory_size = 512
  timeout     = 120
  layers      = [var.secrets_extension_layer_arn]

  environment = {
    COSELL_ENTRA_TENANT        = var.entra_tenant
    COSELL_ENTRA_CLIENT_ID     = var.entra_client_id
    COSELL_SECRETS_LOCATION    = local.secrets_prefix
    COSELL_PARTNER_CENTER_AUTH = "client-credentials"
    COSELL_FUNCTION_TIMEOUT    = "120s"
  }

  policy_statements = [
    { sid = "Secrets", actions = ["secretsmanager:GetSecretValue"], resources = [aws_secretsmanager_secret.entra_client_secret.arn] },
  ]
}

# Terraform's custom resource: invoked on create, update and destroy with "tf": {"action", "prev_input"} added.
resource "aws_lambda_invocation" "webhook_registration" {
  count           = var.register_webhook ? 1 : 0
  function_name   = module.registration.function_name
  qualifier       = module.registration.alias_name
  lifecycle_scope = "CRUD"

  input = jsonencode({
    action = "register"
    url    = aws_lambda_function_url.webhook_receiver.function_url
  })

  # the validation event needs the receiver reachable, and the token needs the client secret
  depends_on = [
    aws_lambda_permission.webhook_receiver_url,
    aws_lambda_permission.webhook_receiver_invoke_via_url,
    aws_secretsmanager_secret_version.entra_client_secret,
  ]
}
