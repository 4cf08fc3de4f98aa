# Permissions boundaries cap what a role or user may do and grant nothing:
# their `Allow *` is the ceiling, the role's own policies say what it gets.

# A policy the file uses only as a boundary.
data "aws_iam_policy_document" "developer_ceiling" {
  statement {
    sid       = "Everything"
    actions   = ["*"]
    resources = ["*"]
  }
  statement {
    sid       = "NoIamUsers"
    effect    = "Deny"
    actions   = ["iam:CreateUser", "iam:CreateAccessKey"]
    resources = ["*"]
  }
}

resource "aws_iam_policy" "developer_ceiling" {
  name   = "developer-ceiling"
  policy = data.aws_iam_policy_document.developer_ceiling.json
}

resource "aws_iam_role" "developer" {
  name                 = "developer"
  assume_role_policy   = data.aws_iam_policy_document.trust.json
  permissions_boundary = aws_iam_policy.developer_ceiling.arn
}

output "developer_ceiling_arn" {
  value = aws_iam_policy.developer_ceiling.arn
}

# A boundary declared here for roles created elsewhere: its name says so.
resource "aws_iam_policy" "ci" {
  name = "ci-permissions-boundary"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect   = "Allow"
      Action   = ["ec2:*", "s3:*", "iam:*"]
      Resource = "*"
    }]
  })
}

# A boundary document whose policy lives in another file.
data "aws_iam_policy_document" "permissions_boundary" {
  statement {
    actions   = ["*"]
    resources = ["*"]
  }
}
