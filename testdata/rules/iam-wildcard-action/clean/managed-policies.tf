# Read-only and scoped managed policies grant no service wildcard; the admin
# policies are iam-admin-policy-attached's; a customer managed policy that
# borrows an AWS name grants what its own document says.
resource "aws_iam_role_policy_attachment" "read" {
  role       = aws_iam_role.worker.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"
}

resource "aws_iam_role_policy_attachment" "basic" {
  role       = aws_iam_role.worker.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
}

resource "aws_iam_role_policy_attachment" "admin" {
  role       = aws_iam_role.break_glass.name
  policy_arn = "arn:aws:iam::aws:policy/AdministratorAccess"
}

resource "aws_iam_role_policy_attachment" "own" {
  role       = aws_iam_role.worker.name
  policy_arn = "arn:aws:iam::123456789012:policy/AmazonS3FullAccess"
}

resource "aws_iam_role_policy_attachment" "chosen" {
  role       = aws_iam_role.worker.name
  policy_arn = var.policy_arn
}

resource "aws_iam_role_policy_attachment" "task_execution" {
  role       = aws_iam_role.task_execution.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
}
