# MFA says who may call, not which buckets: every bucket stays in reach.
data "aws_iam_policy_document" "ops" {
  statement {
    actions   = ["s3:DeleteObject", "s3:PutObject"]
    resources = ["*"]
    condition {
      test     = "Bool"
      variable = "aws:MultiFactorAuthPresent"
      values   = ["true"]
    }
  }
}
