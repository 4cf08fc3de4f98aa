# A website bucket "restricted" to requests from its own pages: the Referer
# header is whatever the caller sends, so anyone can read every object.
data "aws_iam_policy_document" "site" {
  statement {
    sid       = "OnlyFromOurSite"
    actions   = ["s3:GetObject"]
    resources = ["${aws_s3_bucket.site.arn}/*"]

    principals {
      type        = "*"
      identifiers = ["*"]
    }

    condition {
      test     = "StringLike"
      variable = "aws:Referer"
      values   = ["https://www.example.com/*", "https://example.com/*"]
    }
  }
}

resource "aws_s3_bucket_policy" "site" {
  bucket = aws_s3_bucket.site.id
  policy = data.aws_iam_policy_document.site.json
}

# A private API whose Allow is fenced only by a Deny on the User-Agent:
# the Deny does not fence anything, anyone can send the expected agent.
resource "aws_api_gateway_rest_api_policy" "api" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect    = "Allow"
        Principal = "*"
        Action    = "execute-api:Invoke"
        Resource  = "${aws_api_gateway_rest_api.api.execution_arn}/*"
      },
      {
        Effect    = "Deny"
        Principal = "*"
        Action    = "execute-api:Invoke"
        Resource  = "${aws_api_gateway_rest_api.api.execution_arn}/*"
        Condition = { StringNotEquals = { "aws:UserAgent" = "our-client/1.0" } }
      }
    ]
  })
}
