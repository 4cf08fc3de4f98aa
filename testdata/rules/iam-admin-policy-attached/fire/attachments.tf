resource "aws_iam_role_policy_attachment" "admin" {
  role       = aws_iam_role.ci.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}

resource "aws_iam_user_policy_attachment" "power" {
  user       = aws_iam_user.ops.name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/PowerUserAccess"
}

data "aws_iam_policy" "iam_full" {
  name = "IAMFullAccess"
}

resource "aws_iam_group_policy_attachment" "iam" {
  group      = aws_iam_group.admins.name
  policy_arn = data.aws_iam_policy.iam_full.arn
}

resource "aws_iam_role" "legacy" {
  assume_role_policy  = data.aws_iam_policy_document.trust.json
  managed_policy_arns = ["arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::aws:policy/AdministratorAccess"]
}
