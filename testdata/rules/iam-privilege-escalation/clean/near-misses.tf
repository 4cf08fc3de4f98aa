data "aws_iam_policy_document" "fine" {
  # PassRole scoped to the one role the tasks use.
  statement {
    actions   = ["iam:PassRole"]
    resources = [aws_iam_role.task.arn]
  }
  # Reading IAM is not escalating.
  statement {
    actions   = ["iam:Get*", "iam:List*"]
    resources = ["*"]
  }
  # A Deny of the dangerous actions.
  statement {
    effect    = "Deny"
    actions   = ["iam:CreateAccessKey", "iam:PutUserPolicy"]
    resources = ["*"]
  }
  # Assuming named roles only.
  statement {
    actions   = ["sts:AssumeRole"]
    resources = ["arn:aws:iam::123456789012:role/deploy"]
  }
}
