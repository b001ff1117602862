data "aws_iam_policy_document" "lambda_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["lambda.amazonaws.com"]
    }
  }
}

data "aws_iam_policy_document" "scheduler_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["scheduler.amazonaws.com"]
    }
  }
}

# ------------------------------------------------------------------ webhook-receiver

resource "aws_iam_role" "webhook_receiver" {
  name               = "${local.name}-webhook-receiver"
  assume_role_policy = data.aws_iam_policy_document.lambda_assume.json
}

data "aws_iam_policy_document" "webhook_receiver" {
  statement {
    sid       = "Logs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.webhook_receiver.arn}:*"]
  }

  statement {
    sid       = "SyncTable"
    actions   = ["dynamodb:DeleteItem", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:UpdateItem"]
    resources = [aws_dynamodb_table.sync.arn]
  }

  statement {
    sid       = "SyncQueue"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.sync.arn]
  }
}

resource "aws_iam_role_policy" "webhook_receiver" {
  name   = "webhook-receiver"
  role   = aws_iam_role.webhook_receiver.id
  policy = data.aws_iam_policy_document.webhook_receiver.json
}

# ------------------------------------------------------------------ mapper

resource "aws_iam_role" "mapper" {
  name               = "${local.name}-mapper"
  assume_role_policy = data.aws_iam_policy_document.lambda_assume.json
}

data "aws_iam_policy_document" "mapper" {
  statement {
    sid       = "Logs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.mapper.arn}:*"]
  }

  statement {
    sid       = "SyncTable"
    actions   = ["dynamodb:DeleteItem", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:UpdateItem"]
    resources = [aws_dynamodb_table.sync.arn]
  }

  statement {
    sid       = "SyncQueueConsumer"
    actions   = ["sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ReceiveMessage"]
    resources = [aws_sqs_queue.sync.arn]
  }

  statement {
    sid       = "SyncQueue"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.sync.arn]
  }

  statement {
    sid       = "Secrets"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [aws_secretsmanager_secret.entra_client_secret.arn]
  }

  statement {
    sid       = "RefreshToken"
    actions   = ["secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue", "secretsmanager:UpdateSecretVersionStage"]
    resources = [aws_secretsmanager_secret.partner_center_refresh_token.arn]
  }
}

resource "aws_iam_role_policy" "mapper" {
  name   = "mapper"
  role   = aws_iam_role.mapper.id
  policy = data.aws_iam_policy_document.mapper.json
}

# ------------------------------------------------------------------ crm-poller

resource "aws_iam_role" "crm_poller" {
  name               = "${local.name}-crm-poller"
  assume_role_policy = data.aws_iam_policy_document.lambda_assume.json
}

data "aws_iam_policy_document" "crm_poller" {
  statement {
    sid       = "Logs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.crm_poller.arn}:*"]
  }

  statement {
    sid       = "SyncTable"
    actions   = ["dynamodb:DeleteItem", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:UpdateItem"]
    resources = [aws_dynamodb_table.sync.arn]
  }

  statement {
    sid       = "SyncQueue"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.sync.arn]
  }

  statement {
    sid       = "Secrets"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [aws_secretsmanager_secret.entra_client_secret.arn]
  }
}

resource "aws_iam_role_policy" "crm_poller" {
  name   = "crm-poller"
  role   = aws_iam_role.crm_poller.id
  policy = data.aws_iam_policy_document.crm_poller.json
}

# ------------------------------------------------------------------ registration

resource "aws_iam_role" "registration" {
  name               = "${local.name}-registration"
  assume_role_policy = data.aws_iam_policy_document.lambda_assume.json
}

data "aws_iam_policy_document" "registration" {
  statement {
    sid       = "Logs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.registration.arn}:*"]
  }

  statement {
    sid       = "Secrets"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [aws_secretsmanager_secret.entra_client_secret.arn]
  }
}

resource "aws_iam_role_policy" "registration" {
  name   = "registration"
  role   = aws_iam_role.registration.id
  policy = data.aws_iam_policy_document.registration.json
}

# ------------------------------------------------------------------ reconciler

resource "aws_iam_role" "reconciler" {
  name               = "${local.name}-reconciler"
  assume_role_policy = data.aws_iam_policy_document.lambda_assume.json
}

data "aws_iam_policy_document" "reconciler" {
  statement {
    sid       = "Logs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.reconciler.arn}:*"]
  }

  statement {
    sid       = "SyncTable"
    actions   = ["dynamodb:DeleteItem", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:UpdateItem"]
    resources = [aws_dynamodb_table.sync.arn]
  }

  statement {
    sid       = "SyncQueue"
    actions   = ["sqs:SendMessage"]
    resources = [aws_sqs_queue.sync.arn]
  }

  statement {
    sid       = "Secrets"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [aws_secretsmanager_secret.entra_client_secret.arn]
  }

  statement {
    sid       = "RefreshToken"
    actions   = ["secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue", "secretsmanager:UpdateSecretVersionStage"]
    resources = [aws_secretsmanager_secret.partner_center_refresh_token.arn]
  }
}

resource "aws_iam_role_policy" "reconciler" {
  name   = "reconciler"
  role   = aws_iam_role.reconciler.id
  policy = data.aws_iam_policy_document.reconciler.json
}

# ------------------------------------------------------------------ token-keepalive

resource "aws_iam_role" "token_keepalive" {
  name               = "${local.name}-token-keepalive"
  assume_role_policy = data.aws_iam_policy_document.lambda_assume.json
}

data "aws_iam_policy_document" "token_keepalive" {
  statement {
    sid       = "Logs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.token_keepalive.arn}:*"]
  }

  statement {
    sid       = "Secrets"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [aws_secretsmanager_secret.entra_client_secret.arn]
  }

  statement {
    sid       = "RefreshToken"
    actions   = ["secretsmanager:GetSecretValue", "secretsmanager:PutSecretValue", "secretsmanager:UpdateSecretVersionStage"]
    resources = [aws_secretsmanager_secret.partner_center_refresh_token.arn]
  }
}

resource "aws_iam_role_policy" "token_keepalive" {
  name   = "token-keepalive"
  role   = aws_iam_role.token_keepalive.id
  policy = data.aws_iam_policy_document.token_keepalive.json
}

# ------------------------------------------------------------------ admin

resource "aws_iam_role" "admin" {
  name               = "${local.name}-admin"
  assume_role_policy = data.aws_iam_policy_document.lambda_assume.json
}

data "aws_iam_policy_document" "admin" {
  statement {
    sid       = "Logs"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents"]
    resources = ["${aws_cloudwatch_log_group.admin.arn}:*"]
  }

  statement {
    sid       = "SyncTable"
    actions   = ["dynamodb:DescribeTable", "dynamodb:GetItem"]
    resources = [aws_dynamodb_table.sync.arn]
  }

  statement {
    sid       = "SyncQueue"
    actions   = ["sqs:GetQueueAttributes", "sqs:SendMessage"]
    resources = [aws_sqs_queue.sync.arn]
  }

  statement {
    sid       = "DeadLetterQueue"
    actions   = ["sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ReceiveMessage"]
    resources = [aws_sqs_queue.sync_dlq.arn]
  }

  statement {
    sid       = "Secrets"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [aws_secretsmanager_secret.entra_client_secret.arn]
  }

  statement {
    sid       = "RefreshToken"
    actions   = ["secretsmanager:GetSecretValue"]
    resources = [aws_secretsmanager_secret.partner_center_refresh_token.arn]
  }
}

resource "aws_iam_role_policy" "admin" {
  name   = "admin"
  role   = aws_iam_role.admin.id
  policy = data.aws_iam_policy_document.admin.json
}

# ------------------------------------------------------------------ the poller's schedule

resource "aws_iam_role" "crm_poller_schedule" {
  name               = "${local.name}-crm-poller-schedule"
  assume_role_policy = data.aws_iam_policy_document.scheduler_assume.json
}

data "aws_iam_policy_document" "crm_poller_schedule" {
  statement {
    sid       = "InvokeCrmPoller"
    actions   = ["lambda:InvokeFunction"]
    resources = [aws_lambda_alias.crm_poller.arn]
  }
}

resource "aws_iam_role_policy" "crm_poller_schedule" {
  name   = "invoke-crm-poller"
  role   = aws_iam_role.crm_poller_schedule.id
  policy = data.aws_iam_policy_document.crm_poller_schedule.json
}

# ------------------------------------------------------------------ the reconciler's schedule

resource "aws_iam_role" "reconciler_schedule" {
  name               = "${local.name}-reconciler-schedule"
  assume_role_policy = data.aws_iam_policy_document.scheduler_assume.json
}

data "aws_iam_policy_document" "reconciler_schedule" {
  statement {
    sid       = "InvokeReconciler"
    actions   = ["lambda:InvokeFunction"]
    resources = [aws_lambda_alias.reconciler.arn]
  }
}

resource "aws_iam_role_policy" "reconciler_schedule" {
  name   = "invoke-reconciler"
  role   = aws_iam_role.reconciler_schedule.id
  policy = data.aws_iam_policy_document.reconciler_schedule.json
}

# ------------------------------------------------------------------ the keep-alive's schedule

resource "aws_iam_role" "token_keepalive_schedule" {
  name               = "${local.name}-token-keepalive-schedule"
  assume_role_policy = data.aws_iam_policy_document.scheduler_assume.json
}

data "aws_iam_policy_document" "token_keepalive_schedule" {
  statement {
    sid       = "InvokeTokenKeepalive"
    actions   = ["lambda:InvokeFunction"]
    resources = [aws_lambda_alias.token_keepalive.arn]
  }
}

resource "aws_iam_role_policy" "token_keepalive_schedule" {
  name   = "invoke-token-keepalive"
  role   = aws_iam_role.token_keepalive_schedule.id
  policy = data.aws_iam_policy_document.token_keepalive_schedule.json
}
