# The older idiom: one attachment per element of a local list.
locals {
  ci_policies = [
    "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryPowerUser",
    "arn:aws:iam::aws:policy/AdministratorAccess",
  ]
}

resource "aws_iam_role_policy_attachment" "ci" {
  count      = length(local.ci_policies)
  role       = aws_iam_role.ci.name
  policy_arn = local.ci_policies[count.index]
}
