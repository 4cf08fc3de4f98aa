# Running code as another identity, and lifting boundaries, on every resource.
data "aws_iam_policy_document" "deployer" {
  statement {
    actions   = ["lambda:UpdateFunctionCode", "lambda:GetFunction"]
    resources = ["*"]
  }
  statement {
    actions   = ["iam:DeleteRolePermissionsBoundary"]
    resources = ["*"]
  }
}
