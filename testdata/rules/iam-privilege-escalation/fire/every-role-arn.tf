# An ARN that names every role is `*` for PassRole and AssumeRole.
data "aws_iam_policy_document" "ci" {
  statement {
    actions   = ["iam:PassRole"]
    resources = ["arn:aws:iam::123456789012:role/*"]
  }
  statement {
    actions   = ["sts:AssumeRole"]
    resources = ["arn:aws:iam::*:role/*"]
  }
}
