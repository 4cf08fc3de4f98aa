locals {
  worker_policies = [
    "arn:aws:iam::aws:policy/ReadOnlyAccess",
    "arn:aws:iam::aws:policy/AdministratorAccess",
  ]
}

# Only the first element is attached: the count is not the list's length.
resource "aws_iam_role_policy_attachment" "first" {
  count      = 1
  role       = aws_iam_role.worker.name
  policy_arn = local.worker_policies[count.index]
}

# Another list's length says nothing about which of these are attached.
resource "aws_iam_role_policy_attachment" "paired" {
  count      = length(var.roles)
  role       = var.roles[count.index]
  policy_arn = local.worker_policies[count.index]
}
