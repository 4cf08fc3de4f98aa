# Log writing beside actions that change every log group (retention,
# subscriptions) or create any service-linked role: only those are named.
data "aws_iam_policy_document" "log_shipper" {
  statement {
    effect = "Allow"
    actions = [
      "logs:CreateLogGroup",
      "logs:CreateLogStream",
      "logs:PutLogEvents",
      "logs:PutRetentionPolicy",
      "logs:PutSubscriptionFilter",
    ]
    resources = ["*"]
  }

  statement {
    effect    = "Allow"
    actions   = ["iam:CreateServiceLinkedRole"]
    resources = ["*"]
  }
}
