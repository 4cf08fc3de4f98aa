resource "aws_iam_policy" "admin" {
  name = "admin"
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect   = "Allow"
        Action   = "*"
        Resource = "*"
      },
      {
        Sid      = "Buckets"
        Effect   = "Allow"
        Action   = ["s3:*", "sqs:SendMessage"]
        Resource = aws_s3_bucket.data.arn
      },
    ]
  })
}
