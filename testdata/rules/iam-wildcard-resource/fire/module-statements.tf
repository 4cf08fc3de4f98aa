# Statements given to modules as objects, in the policy document data
# source's form (terraform-aws-modules' iam-user and eks examples).
module "iam_user" {
  source = "terraform-aws-modules/iam/aws//modules/iam-user"
  name   = "ci"

  inline_policy_permissions = {
    CloudwatchLogs = {
      effect    = "Allow"
      actions   = ["logs:PutRetentionPolicy", "logs:DeleteLogGroup"]
      resources = ["*"]
    }
  }
}

module "eks_node_group" {
  source = "terraform-aws-modules/eks/aws//modules/eks-managed-node-group"
  name   = "default"

  iam_role_policy_statements = [
    {
      sid       = "ECRPullThroughCache"
      effect    = "Allow"
      actions   = ["ecr:CreateRepository", "ecr:BatchImportUpstreamImage"]
      resources = ["*"]
    }
  ]
}
