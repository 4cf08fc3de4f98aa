data "aws_iam_policy_document" "fine" {
  # Read and list actions on every resource.
  statement {
    actions   = ["s3:GetObject", "ec2:DescribeInstances", "s3:ListBucket", "logs:FilterLogEvents"]
    resources = ["*"]
  }
  # Actions AWS accepts only on "*".
  statement {
    actions   = ["cloudwatch:PutMetricData", "ecr:GetAuthorizationToken", "xray:PutTraceSegments"]
    resources = ["*"]
  }
  # Writes scoped to a resource.
  statement {
    actions   = ["s3:PutObject"]
    resources = ["${aws_s3_bucket.data.arn}/*"]
  }
  # A Deny on everything.
  statement {
    effect    = "Deny"
    actions   = ["s3:DeleteBucket"]
    resources = ["*"]
  }
  # Scoped by a condition on tags (attribute-based access control).
  statement {
    actions   = ["ec2:StopInstances"]
    resources = ["*"]
    condition {
      test     = "StringEquals"
      variable = "aws:ResourceTag/team"
      values   = ["web"]
    }
  }
  # Whole-service wildcards are iam-wildcard-action's business.
  statement {
    actions   = ["sqs:*"]
    resources = ["*"]
  }
}

# What AWS's AmazonSSMManagedInstanceCore grants on "*": the agent's own
# registration and message channels; and model invocation, a read.
data "aws_iam_policy_document" "instance" {
  statement {
    actions = [
      "ssm:UpdateInstanceInformation",
      "ssmmessages:CreateControlChannel",
      "ssmmessages:OpenDataChannel",
      "ec2messages:GetMessages",
      "ec2messages:SendReply",
      "bedrock:InvokeModel",
    ]
    resources = ["*"]
  }
}
