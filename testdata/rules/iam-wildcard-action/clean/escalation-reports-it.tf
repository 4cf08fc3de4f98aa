# `iam:*` on every resource: iam-privilege-escalation reports the action,
# with the escalation paths it opens; this rule adds nothing on that value.
data "aws_iam_policy_document" "route53_admin" {
  statement {
    actions   = ["route53:ChangeResourceRecordSets", "iam:*"]
    resources = ["*"]
  }
}
