locals {
  name           = "cosell-${var.stage}"
  secrets_prefix = "cosell/${var.stage}/"
}

resource "aws_dynamodb_table" "sync" {
  name                        = "${local.name}-sync"
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "pk"
  range_key                   = "sk"
  deletion_protection_enabled = var.stage == "production"

  attribute {
    name = "pk"
    type = "S"
  }

  attribute {
    name = "sk"
    type = "S"
  }

  ttl {
    attribute_name = "expiresAt"
    enabled        = true
  }

  point_in_time_recovery {
    enabled = true
  }

  server_side_encryption {
    enabled = true
  }

  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_sqs_queue" "sync_dlq" {
  name                      = "${local.name}-sync-dlq"
  message_retention_seconds = 1209600
  sqs_managed_sse_enabled   = true
}

resource "aws_sqs_queue" "sync" {
  name                       = "${local.name}-sync"
  visibility_timeout_seconds = 360
  message_retention_seconds  = 1209600
  sqs_managed_sse_enabled    = true

  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.sync_dlq.arn
    maxReceiveCount     = 5
  })
}

resource "aws_secretsmanager_secret" "entra_client_secret" {
  name        = "${local.secrets_prefix}entra-client-secret"
  description = "Client secret of the connector's Entra ID app registration"
}

resource "aws_secretsmanager_secret_version" "entra_client_secret" {
  count         = var.entra_client_secret == "" ? 0 : 1
  secret_id     = aws_secretsmanager_secret.entra_client_secret.id
  secret_string = var.entra_client_secret
}

resource "aws_secretsmanager_secret" "partner_center_refresh_token" {
  name        = "${local.secrets_prefix}partner-center-refresh-token"
  description = "Refresh token of the Referrals admin user (App+User access to the Referrals API)"
}
