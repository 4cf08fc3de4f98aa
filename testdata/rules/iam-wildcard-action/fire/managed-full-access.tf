resource "aws_iam_role_policy_attachment" "uploads" {
  role       = aws_iam_role.worker.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonS3FullAccess"
}

resource "aws_iam_user_policy_attachment" "logs" {
  user       = aws_iam_user.deploy.name
  policy_arn = "arn:${data.aws_partition.current.partition}:iam::aws:policy/CloudWatchFullAccess"
}

data "aws_iam_policy" "queues" {
  name = "AmazonSQSFullAccess"
}

resource "aws_iam_group_policy_attachment" "queues" {
  group      = aws_iam_group.ops.name
  policy_arn = data.aws_iam_policy.queues.arn
}

resource "aws_iam_role" "legacy" {
  assume_role_policy  = data.aws_iam_policy_document.trust.json
  managed_policy_arns = ["arn:aws:iam::aws:policy/ReadOnlyAccess", "arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess"]
}

resource "aws_iam_role_policy_attachment" "deploy" {
  role       = aws_iam_role.github_actions.name
  policy_arn = "arn:aws:iam::aws:policy/AmazonECS_FullAccess"
}
