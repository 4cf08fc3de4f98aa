# A deployer that creates and empowers its own roles under a name prefix:
# it can create `app-anything` trusting itself, with AdministratorAccess.
data "aws_iam_policy_document" "deployer" {
  statement {
    actions = [
      "iam:CreateRole",
      "iam:AttachRolePolicy",
      "iam:PassRole",
    ]
    resources = ["arn:aws:iam::123456789012:role/app-*"]
  }
}

# Rewriting the trust of the roles it may also write policies on.
data "aws_iam_policy_document" "operator" {
  statement {
    actions   = ["iam:UpdateAssumeRolePolicy", "iam:PutRolePolicy"]
    resources = ["arn:aws:iam::123456789012:role/service/*"]
  }
}
