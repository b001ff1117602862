locals {
  funqy_handler = "io.quarkus.funqy.lambda.FunqyStreamHandler::handleRequest"
  snap_start    = var.snap_start ? "PublishedVersions" : "None"
}

# ------------------------------------------------------------------ webhook-receiver (Function URL, auth NONE)

resource "aws_lambda_function" "webhook_receiver" {
  function_name    = "${local.name}-webhook-receiver"
  description      = "Partner Center webhook in (Function URL), signature checked, one sync message per referral event"
  filename         = "${path.module}/../functions/webhook-receiver/target/function.zip"
  source_code_hash = filebase64sha256("${path.module}/../functions/webhook-receiver/target/function.zip")
  runtime          = "java21"
  handler          = local.funqy_handler
  architectures    = [var.architecture]
  memory_size      = 1024
  timeout          = 10
  role             = aws_iam_role.webhook_receiver.arn
  publish          = true

  snap_start {
    apply_on = local.snap_start
  }

  logging_config {
    log_format = "Text"
    log_group  = aws_cloudwatch_log_group.webhook_receiver.name
  }

  environment {
    variables = {
      COSELL_SYNC_TABLE       = aws_dynamodb_table.sync.name
      COSELL_SYNC_QUEUE_URL   = aws_sqs_queue.sync.url
      COSELL_FUNCTION_TIMEOUT = "10s"
    }
  }
}

resource "aws_lambda_alias" "webhook_receiver" {
  name             = "live"
  function_name    = aws_lambda_function.webhook_receiver.function_name
  function_version = aws_lambda_function.webhook_receiver.version
}

resource "aws_lambda_function_url" "webhook_receiver" {
  function_name      = aws_lambda_function.webhook_receiver.function_name
  qualifier          = aws_lambda_alias.webhook_receiver.name
  authorization_type = "NONE"
}

# A public Function URL needs both statements since October 2025.
resource "aws_lambda_permission" "webhook_receiver_url" {
  statement_id           = "FunctionUrlPublicAccess"
  action                 = "lambda:InvokeFunctionUrl"
  function_name          = aws_lambda_function.webhook_receiver.function_name
  qualifier              = aws_lambda_alias.webhook_receiver.name
  principal              = "*"
  function_url_auth_type = "NONE"
}

resource "aws_lambda_permission" "webhook_receiver_invoke_via_url" {
  statement_id             = "FunctionUrlInvokeFunction"
  action                   = "lambda:InvokeFunction"
  function_name            = aws_lambda_function.webhook_receiver.function_name
  qualifier                = aws_lambda_alias.webhook_receiver.name
  principal                = "*"
  invoked_via_function_url = true
}

# ------------------------------------------------------------------ mapper (sync queue)

resource "aws_lambda_function" "mapper" {
  function_name    = "${local.name}-mapper"
  description      = "Sync queue in; Partner Center <-> Dataverse, one referral or opportunity per message"
  filename         = "${path.module}/../functions/mapper/target/function.zip"
  source_code_hash = filebase64sha256("${path.module}/../functions/mapper/target/function.zip")
  runtime          = "java21"
  handler          = "io.cosell.functions.mapper.MapperStreamHandler::handleRequest"
  architectures    = [var.architecture]
  memory_size      = 1024
  timeout          = 60
  role             = aws_iam_role.mapper.arn
  layers           = [var.secrets_extension_layer_arn]
  publish          = true

  snap_start {
    apply_on = local.snap_start
  }

  logging_config {
    log_format = "Text"
    log_group  = aws_cloudwatch_log_group.mapper.name
  }

  environment {
    variables = {
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
  }
}

resource "aws_lambda_alias" "mapper" {
  name             = "live"
  function_name    = aws_lambda_function.mapper.function_name
  function_version = aws_lambda_function.mapper.version
}

resource "aws_lambda_event_source_mapping" "mapper_sync_queue" {
  event_source_arn        = aws_sqs_queue.sync.arn
  function_name           = aws_lambda_alias.mapper.arn
  batch_size              = 10
  function_response_types = ["ReportBatchItemFailures"]

  scaling_config {
    maximum_concurrency = var.mapper_maximum_concurrency
  }
}

# ------------------------------------------------------------------ crm-poller (schedule)

resource "aws_lambda_function" "crm_poller" {
  function_name    = "${local.name}-crm-poller"
  description      = "Schedule in; Dataverse changes since the cursor, one sync message per changed opportunity"
  filename         = "${path.module}/../functions/crm-poller/target/function.zip"
  source_code_hash = filebase64sha256("${path.module}/../functions/crm-poller/target/function.zip")
  runtime          = "java21"
  handler          = local.funqy_handler
  architectures    = [var.architecture]
  memory_size      = 1024
  timeout          = 60
  role             = aws_iam_role.crm_poller.arn
  layers           = [var.secrets_extension_layer_arn]
  publish          = true

  snap_start {
    apply_on = local.snap_start
  }

  logging_config {
    log_format = "Text"
    log_group  = aws_cloudwatch_log_group.crm_poller.name
  }

  environment {
    variables = {
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
  }
}

resource "aws_lambda_alias" "crm_poller" {
  name             = "live"
  function_name    = aws_lambda_function.crm_poller.function_name
  function_version = aws_lambda_function.crm_poller.version
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
    arn      = aws_lambda_alias.crm_poller.arn
    role_arn = aws_iam_role.crm_poller_schedule.arn
    input    = "{\"source\":\"schedule\"}"

    retry_policy {
      maximum_retry_attempts = 0
    }
  }
}

# ------------------------------------------------------------------ reconciler (schedule)

resource "aws_lambda_function" "reconciler" {
  function_name    = "${local.name}-reconciler"
  description      = "Schedule in; referrals Partner Center changed since the cursor that the CRM lacks, queued for sync"
  filename         = "${path.module}/../functions/reconciler/target/function.zip"
  source_code_hash = filebase64sha256("${path.module}/../functions/reconciler/target/function.zip")
  runtime          = "java21"
  handler          = local.funqy_handler
  architectures    = [var.architecture]
  memory_size      = 1024
  timeout          = 60
  role             = aws_iam_role.reconciler.arn
  layers           = [var.secrets_extension_layer_arn]
  publish          = true

  snap_start {
    apply_on = local.snap_start
  }

  logging_config {
    log_format = "Text"
    log_group  = aws_cloudwatch_log_group.reconciler.name
  }

  environment {
    variables = {
      COSELL_SYNC_TABLE        = aws_dynamodb_table.sync.name
      COSELL_SYNC_QUEUE_URL    = aws_sqs_queue.sync.url
      COSELL_ENTRA_TENANT      = var.entra_tenant
      COSELL_ENTRA_CLIENT_ID   = var.entra_client_id
      COSELL_SECRETS_LOCATION  = local.secrets_prefix
      COSELL_MIGRATION_PENDING = var.migrating
      COSELL_FUNCTION_TIMEOUT  = "60s"
    }
  }
}

resource "aws_lambda_alias" "reconciler" {
  name             = "live"
  function_name    = aws_lambda_function.reconciler.function_name
  function_version = aws_lambda_function.reconciler.version
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
    arn      = aws_lambda_alias.reconciler.arn
    role_arn = aws_iam_role.reconciler_schedule.arn
    input    = "{\"source\":\"schedule\"}"

    retry_policy {
      maximum_retry_attempts = 0
    }
  }
}

# ------------------------------------------------------------------ token-keepalive (schedule)

resource "aws_lambda_function" "token_keepalive" {
  function_name    = "${local.name}-token-keepalive"
  description      = "Schedule in; redeems the Partner Center refresh token and stores the new one, so it never ages out"
  filename         = "${path.module}/../functions/token-keepalive/target/function.zip"
  source_code_hash = filebase64sha256("${path.module}/../functions/token-keepalive/target/function.zip")
  runtime          = "java21"
  handler          = local.funqy_handler
  architectures    = [var.architecture]
  memory_size      = 512
  timeout          = 60
  role             = aws_iam_role.token_keepalive.arn
  layers           = [var.secrets_extension_layer_arn]
  publish          = true

  snap_start {
    apply_on = local.snap_start
  }

  logging_config {
    log_format = "Text"
    log_group  = aws_cloudwatch_log_group.token_keepalive.name
  }

  environment {
    variables = {
      COSELL_ENTRA_TENANT     = var.entra_tenant
      COSELL_ENTRA_CLIENT_ID  = var.entra_client_id
      COSELL_SECRETS_LOCATION = local.secrets_prefix
      COSELL_FUNCTION_TIMEOUT = "60s"
    }
  }
}

resource "aws_lambda_alias" "token_keepalive" {
  name             = "live"
  function_name    = aws_lambda_function.token_keepalive.function_name
  function_version = aws_lambda_function.token_keepalive.version
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
    arn      = aws_lambda_alias.token_keepalive.arn
    role_arn = aws_iam_role.token_keepalive_schedule.arn
    input    = "{\"source\":\"schedule\"}"

    retry_policy {
      maximum_retry_attempts = 2
    }
  }
}

# ------------------------------------------------------------------ admin (invoked by an operator, no trigger)

resource "aws_lambda_function" "admin" {
  function_name    = "${local.name}-admin"
  description      = "Direct invoke by an operator; resync a referral or opportunity, replay dead letters, doctor"
  filename         = "${path.module}/../functions/admin/target/function.zip"
  source_code_hash = filebase64sha256("${path.module}/../functions/admin/target/function.zip")
  runtime          = "java21"
  handler          = local.funqy_handler
  architectures    = [var.architecture]
  memory_size      = 512
  # no longer than the 120 s the dead-letter replay hides the messages it keeps, so none is looked at twice
  timeout = 120
  role    = aws_iam_role.admin.arn
  layers  = [var.secrets_extension_layer_arn]
  publish = true

  snap_start {
    apply_on = local.snap_start
  }

  logging_config {
    log_format = "Text"
    log_group  = aws_cloudwatch_log_group.admin.name
  }

  environment {
    variables = {
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
  }
}

resource "aws_lambda_alias" "admin" {
  name             = "live"
  function_name    = aws_lambda_function.admin.function_name
  function_version = aws_lambda_function.admin.version
}

# ------------------------------------------------------------------ registration (at deploy time)

resource "aws_lambda_function" "registration" {
  function_name    = "${local.name}-registration"
  description      = "Registers the webhook URL with Partner Center (deploy-time custom resource, or a direct invoke)"
  filename         = "${path.module}/../functions/registration/target/function.zip"
  source_code_hash = filebase64sha256("${path.module}/../functions/registration/target/function.zip")
  runtime          = "java21"
  handler          = local.funqy_handler
  architectures    = [var.architecture]
  memory_size      = 512
  timeout          = 120
  role             = aws_iam_role.registration.arn
  layers           = [var.secrets_extension_layer_arn]
  publish          = true

  snap_start {
    apply_on = local.snap_start
  }

  logging_config {
    log_format = "Text"
    log_group  = aws_cloudwatch_log_group.registration.name
  }

  environment {
    variables = {
      COSELL_ENTRA_TENANT        = var.entra_tenant
      COSELL_ENTRA_CLIENT_ID     = var.entra_client_id
      COSELL_SECRETS_LOCATION    = local.secrets_prefix
      COSELL_PARTNER_CENTER_AUTH = "client-credentials"
      COSELL_FUNCTION_TIMEOUT    = "120s"
    }
  }
}

resource "aws_lambda_alias" "registration" {
  name             = "live"
  function_name    = aws_lambda_function.registration.function_name
  function_version = aws_lambda_function.registration.version
}

# Terraform's custom resource: invoked on create, update and destroy with "tf": {"action", "prev_input"} added.
resource "aws_lambda_invocation" "webhook_registration" {
  count           = var.register_webhook ? 1 : 0
  function_name   = aws_lambda_function.registration.function_name
  qualifier       = aws_lambda_alias.registration.name
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
