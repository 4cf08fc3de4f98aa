data "aws_iam_policy_document" "queue" {
  statement {
    actions = [
      "sqs:SendMessage",
      "kms:CreateGrant",
      "sns:Publish",
      "ssm:PutParameter",
    ]
    resources = ["*"]
  }
}
