# Statements composed with concat, a conditional, or taken from a local.
locals {
  admin_statement = {
    Effect   = "Allow"
    Action   = ["*"]
    Resource = ["*"]
  }
}

resource "aws_iam_policy" "composed" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = concat(local.base_statements, [
      { Effect = "Allow", Action = "s3:*", Resource = aws_s3_bucket.data.arn },
    ])
  })
}

resource "aws_iam_policy" "switched" {
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = var.admin ? [local.admin_statement] : []
  })
}
