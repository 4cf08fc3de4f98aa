resource "aws_iam_policy" "power" {
  policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      NotAction = ["iam:*", "organizations:*"]
      Resource  = "*"
    }]
  })
}
