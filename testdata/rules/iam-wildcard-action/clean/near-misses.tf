# Deny with a wildcard is a guard rail, not a grant.
resource "aws_iam_policy" "guard" {
  policy = jsonencode({
    Statement = [{ Effect = "Deny", Action = "*", Resource = "*", Condition = { Bool = { "aws:SecureTransport" = "false" } } }]
  })
}

# Partial wildcards and named actions are not whole-service wildcards.
data "aws_iam_policy_document" "reader" {
  statement {
    actions   = ["s3:Get*", "s3:List*", "dynamodb:Query"]
    resources = ["*"]
  }
}

# Unknown is not guilty: the service and the actions come from variables.
resource "aws_iam_policy" "generic" {
  policy = jsonencode({
    Statement = [
      { Effect = "Allow", Action = "${var.service}:*", Resource = "*" },
      { Effect = "Allow", Action = var.actions, Resource = "*" },
      { Effect = var.effect, Action = "*", Resource = "*" },
    ]
  })
}

# An organization SCP that allows everything only bounds the accounts.
resource "aws_organizations_policy" "full" {
  content = jsonencode({ Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }] })
}
