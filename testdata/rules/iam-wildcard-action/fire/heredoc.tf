resource "aws_iam_role_policy" "ops" {
  role   = aws_iam_role.ops.id
  policy = <<-EOF
    {
      "Version": "2012-10-17",
      "Statement": [
        {
          "Effect": "Allow",
          "Action": ["ec2:*"],
          "Resource": "${aws_instance.web.arn}"
        }
      ]
    }
    EOF
}
