# A Referer condition beside one that does say who calls: the VPC endpoint
# closes the statement, whatever the Referer says.
data "aws_iam_policy_document" "site" {
  statement {
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.site.arn}/*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "StringLike"
      variable = "aws:Referer"
      values   = ["https://intranet.example.com/*"]
    }

    condition {
      test     = "StringEquals"
      variable = "aws:SourceVpce"
      values   = [var.vpce_id]
    }
  }
}

# A Deny on a missing Referer is a Deny: nothing is granted by it.
resource "aws_s3_bucket_policy" "hotlink" {
  bucket = aws_s3_bucket.media.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Deny"
      Principal = "*"
      Action    = "s3:GetObject"
      Resource  = "${aws_s3_bucket.media.arn}/*"
      Condition = { StringNotLike = { "aws:Referer" = ["https://example.com/*"] } }
    }]
  })
}
