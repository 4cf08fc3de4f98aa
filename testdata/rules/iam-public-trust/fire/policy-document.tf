data "aws_iam_policy_document" "trust" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "AWS"
      identifiers = ["arn:aws:iam::123456789012:root", "*"]
    }
  }
}

resource "aws_iam_role" "shared" {
  assume_role_policy = data.aws_iam_policy_document.trust.json
}
