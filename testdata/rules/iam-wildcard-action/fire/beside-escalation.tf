# A service wildcard beside an escalation path in the same statement: the
# escalation is reported on its own action, `ec2:*` still here.
data "aws_iam_policy_document" "deploy" {
  statement {
    actions   = ["ec2:*", "iam:PassRole"]
    resources = ["*"]
  }
}
