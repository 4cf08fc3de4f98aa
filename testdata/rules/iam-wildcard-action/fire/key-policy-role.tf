# `kms:*` for a role, not the account: the role may delete the key.
resource "aws_kms_key" "app" {
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Sid       = "KeyUsers"
      Effect    = "Allow"
      Principal = { AWS = "arn:aws:iam::111122223333:role/app" }
      Action    = "kms:*"
      Resource  = "*"
    }]
  })
}
