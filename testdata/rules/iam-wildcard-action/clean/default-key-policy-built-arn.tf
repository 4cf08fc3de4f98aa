# AWS's default key policy with the account root's ARN built from the
# caller's partition and account id, by `format()` and by interpolation:
# the same delegation to the account's IAM policies as a literal ARN.
data "aws_caller_identity" "current" {}
data "aws_partition" "current" {}

data "aws_iam_policy_document" "key" {
  statement {
    sid       = "Enable IAM User Permissions"
    actions   = ["kms:*"]
    resources = ["*"]
    principals {
      type = "AWS"
      identifiers = [
        format("arn:%s:iam::%s:root", data.aws_partition.current.partition, data.aws_caller_identity.current.account_id),
      ]
    }
  }
}

resource "aws_kms_key" "logs" {
  policy = data.aws_iam_policy_document.key.json
}

resource "aws_kms_key" "app" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid    = "Enable IAM User Permissions"
      Effect = "Allow"
      Principal = {
        AWS = "arn:${data.aws_partition.current.partition}:iam::${data.aws_caller_identity.current.account_id}:root"
      }
      Action   = "kms:*"
      Resource = "*"
    }]
  })
}

resource "aws_kms_key" "formatted" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = format("arn:aws:iam::%s:root", data.aws_caller_identity.current.account_id) }
      Action    = "kms:*"
      Resource  = "*"
    }]
  })
}
