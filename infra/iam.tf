data "aws_iam_policy_document" "scheduler_assume" {
  statement {
    actions = ["sts:AssumeRole"]

    principals {
      type        = "Service"
      identifiers = ["scheduler.amazonaws.com"]
    }
  }
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
    resources = [module.crm_poller.alias_arn]
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
    resources = [module.reconciler.alias_arn]
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
    resources = [module.token_keepalive.alias_arn]
  }
}

resource "aws_iam_role_policy" "token_keepalive_schedule" {
  name   = "invoke-token-keepalive"
  role   = aws_iam_role.token_keepalive_schedule.id
  policy = data.aws_iam_policy_document.token_keepalive_schedule.json
}
