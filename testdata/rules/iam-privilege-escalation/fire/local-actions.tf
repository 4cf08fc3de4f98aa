# Actions kept in a local list.
locals {
  deploy_actions = ["ecs:UpdateService", "ecs:RegisterTaskDefinition", "iam:PassRole"]
}

resource "aws_iam_policy" "deploy" {
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = local.deploy_actions, Resource = "*" }]
  })
}
