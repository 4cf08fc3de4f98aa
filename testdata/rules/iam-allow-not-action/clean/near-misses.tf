# NotAction in a Deny is the sound pattern: deny all but these outside a region.
resource "aws_iam_policy" "region_guard" {
  policy = jsonencode({
    Statement = [
      {
        Effect    = "Deny"
        NotAction = ["iam:*", "sts:*"]
        Resource  = "*"
        Condition = { StringNotEquals = { "aws:RequestedRegion" = "eu-west-1" } }
      },
      { Effect = "Allow", Action = "s3:GetObject", Resource = "arn:aws:s3:::docs/*" },
    ]
  })
}
