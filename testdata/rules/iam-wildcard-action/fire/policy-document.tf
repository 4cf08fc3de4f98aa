data "aws_iam_policy_document" "deploy" {
  statement {
    sid       = "Everything"
    actions   = ["*"]
    resources = ["*"]
  }
}
