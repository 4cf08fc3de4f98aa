locals {
  managed = {
    admin = "arn:aws:iam::aws:policy/AdministratorAccess"
    ssm   = "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore"
  }
}

resource "aws_iam_role_policy_attachment" "this" {
  for_each   = local.managed
  role       = aws_iam_role.ci.name
  policy_arn = each.value
}
