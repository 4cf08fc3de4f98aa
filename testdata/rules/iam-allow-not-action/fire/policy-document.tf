data "aws_iam_policy_document" "all_but_logs" {
  statement {
    actions       = ["s3:GetObject"]
    not_resources = ["arn:aws:s3:::audit-logs/*"]
  }
}
