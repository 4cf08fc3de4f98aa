resource "aws_iam_user_policy" "legacy" {
  user   = aws_iam_user.legacy.name
  policy = "{\"Version\": \"2012-10-17\", \"Statement\": {\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\"}}"
}
