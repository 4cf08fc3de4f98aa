resource "aws_s3_bucket_policy" "public" {
  bucket = aws_s3_bucket.site.id
  policy = <<-POLICY
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Sid": "PublicRead",
          "Effect": "Allow",
          "Principal": "*",
          "Action": "s3:GetObject",
          "Resource": "${aws_s3_bucket.site.arn}/*"
        }
      ]
    }
    POLICY
}
