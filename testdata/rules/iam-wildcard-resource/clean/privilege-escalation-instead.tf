# `sts:AssumeRole` on every resource is a privilege-escalation path, which
# `iam-privilege-escalation` reports with the same remedy (scope
# `Resource`): one problem, one finding.
data "aws_iam_policy_document" "ci" {
  statement {
    actions   = ["sts:AssumeRole", "s3:PutObject"]
    resources = ["*"]
  }
}
