data "aws_iam_policy_document" "nothing" {
  # cloudposse modules allow `none:null`, an action of no service, to allow nothing.
  statement {
    actions   = ["none:null"]
    resources = ["*"]
  }
}
