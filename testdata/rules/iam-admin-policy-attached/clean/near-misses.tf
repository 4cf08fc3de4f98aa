resource "aws_iam_role_policy_attachment" "read" {
  role       = aws_iam_role.ci.name
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}

# A customer-managed policy that happens to share the name.
resource "aws_iam_role_policy_attachment" "custom" {
  role       = aws_iam_role.ci.name
  policy_arn = "arn:aws:iam::123456789012:policy/AdministratorAccess"
}

# Unknown is not guilty.
resource "aws_iam_role_policy_attachment" "input" {
  role       = aws_iam_role.ci.name
  policy_arn = var.policy_arn
}

# for_each over harmless managed policies, and over a computed set.
resource "aws_iam_role_policy_attachment" "readonly" {
  for_each = toset([
    "arn:aws:iam::aws:policy/ReadOnlyAccess",
    "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
  ])
  role       = aws_iam_role.r.name
  policy_arn = each.value
}

resource "aws_iam_role_policy_attachment" "computed" {
  for_each   = toset(var.policy_arns)
  role       = aws_iam_role.r.name
  policy_arn = each.value
}
