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
