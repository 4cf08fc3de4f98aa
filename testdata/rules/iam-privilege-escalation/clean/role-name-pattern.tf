# A name pattern narrows what may be passed or attached, as AWS advises.
data "aws_iam_policy_document" "deployer" {
  statement {
    actions   = ["iam:PassRole", "iam:AttachRolePolicy"]
    resources = ["arn:aws:iam::123456789012:role/app-*"]
  }
  # Creating roles only with the team's permissions boundary.
  statement {
    actions   = ["iam:CreateRole", "iam:PutRolePolicy"]
    resources = ["arn:aws:iam::123456789012:role/app-*"]
    condition {
      test     = "StringEquals"
      variable = "iam:PermissionsBoundary"
      values   = ["arn:aws:iam::123456789012:policy/app-boundary"]
    }
  }
}

# The boundary enforced by a Deny beside the grant.
resource "aws_iam_role_policy" "agent" {
  role = aws_iam_role.agent.name
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = ["iam:CreateRole", "iam:UpdateAssumeRolePolicy", "iam:AttachRolePolicy"]
        Resource = "arn:aws:iam::123456789012:role/agents/*"
      },
      {
        Effect    = "Deny"
        Action    = "iam:CreateRole"
        Resource  = "arn:aws:iam::123456789012:role/agents/*"
        Condition = { StringNotEquals = { "iam:PermissionsBoundary" = aws_iam_policy.boundary.arn } }
      },
    ]
  })
}
