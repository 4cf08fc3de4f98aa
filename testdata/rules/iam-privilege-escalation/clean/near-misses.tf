data "aws_iam_policy_document" "fine" {
  # PassRole scoped to the one role the tasks use.
  statement {
    actions   = ["iam:PassRole"]
    resources = [aws_iam_role.task.arn]
  }
  # Reading IAM is not escalating.
  statement {
    actions   = ["iam:Get*", "iam:List*"]
    resources = ["*"]
  }
  # A Deny of the dangerous actions.
  statement {
    effect    = "Deny"
    actions   = ["iam:CreateAccessKey", "iam:PutUserPolicy"]
    resources = ["*"]
  }
  # Assuming named roles only.
  statement {
    actions   = ["sts:AssumeRole"]
    resources = ["arn:aws:iam::123456789012:role/deploy"]
  }
}

# Updating the code of the one function this pipeline owns.
data "aws_iam_policy_document" "function_deployer" {
  statement {
    actions   = ["lambda:UpdateFunctionCode"]
    resources = [aws_lambda_function.api.arn]
  }
}

# A resource policy's `*` is the resource itself.
resource "aws_kms_key" "k" {
  policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::123456789012:role/ops" }
      Action    = ["kms:CreateGrant", "kms:PutKeyPolicy"]
      Resource  = "*"
    }]
  })
}

# Roles under one path or name prefix; a role action on users' ARNs.
data "aws_iam_policy_document" "prefixed" {
  statement {
    actions   = ["iam:PassRole"]
    resources = ["arn:aws:iam::123456789012:role/ecs-tasks/*", "arn:aws:iam::123456789012:role/app-*"]
  }
  statement {
    actions   = ["iam:PutRolePolicy"]
    resources = ["arn:aws:iam::123456789012:user/*"]
  }
}
