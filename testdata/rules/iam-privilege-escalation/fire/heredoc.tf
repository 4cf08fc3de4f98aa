resource "aws_iam_role_policy" "keys" {
  role   = aws_iam_role.ci.id
  policy = <<EOF
{
  "Statement": [
    {
      "Effect": "Allow",
      "Action": ["iam:CreateAccessKey", "iam:UpdateLoginProfile"],
      "Resource": "*"
    }
  ]
}
EOF
}
