# `sts:AssumeRole` on every resource: one finding here, none from
# `iam-wildcard-resource` on the same statement.
data "aws_iam_policy_document" "ci" {
  statement {
    actions   = ["sts:AssumeRole", "s3:PutObject"]
    resources = ["*"]
  }
}
