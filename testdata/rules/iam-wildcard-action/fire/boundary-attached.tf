# A policy named as a boundary but attached to the role as a policy: it
# grants what it says.
resource "aws_iam_policy" "boundary" {
  name = "team-boundary"
  policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "*", Resource = "*" }]
  })
}

resource "aws_iam_role_policy_attachment" "team" {
  role       = aws_iam_role.team.name
  policy_arn = aws_iam_policy.boundary.arn
}

# A boundary document that a policy attached as a grant also uses.
data "aws_iam_policy_document" "shared_boundary" {
  statement {
    actions   = ["s3:*"]
    resources = ["*"]
  }
}

resource "aws_iam_role_policy" "inline" {
  role   = aws_iam_role.team.id
  policy = data.aws_iam_policy_document.shared_boundary.json
}
