# Allow with NotPrincipal: everyone but the named role may read the bucket.
data "aws_iam_policy_document" "reports" {
  statement {
    effect    = "Allow"
    actions   = ["s3:GetObject"]
    resources = ["arn:aws:s3:::reports/*"]

    not_principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::123456789012:role/auditor"]
    }
  }
}

resource "aws_s3_bucket_policy" "reports" {
  bucket = "reports"
  policy = data.aws_iam_policy_document.reports.json
}
