resource "aws_iam_policy" "deployer" {
  policy = jsonencode({
    Statement = [
      { Effect = "Allow", Action = ["iam:PassRole", "ecs:RunTask"], Resource = "*" },
      { Effect = "Allow", Action = "iam:Put*", Resource = ["*"] },
      { Effect = "Allow", Action = "sts:AssumeRole", Resource = "*" },
    ]
  })
}
