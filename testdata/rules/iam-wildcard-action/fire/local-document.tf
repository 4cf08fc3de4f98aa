# A policy document kept as an object in a local and encoded where it is
# used: one finding, where the statement is written.
locals {
  admin_policy = {
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }]
  }
}

resource "aws_iam_policy" "admin" {
  name   = "admin"
  policy = jsonencode(local.admin_policy)
}
