data "aws_iam_policy_document" "controller" {
  dynamic "statement" {
    for_each = var.enable_pass_role ? [1] : []

    content {
      sid       = "PassAnyRole"
      actions   = ["iam:PassRole"]
      resources = ["*"]
    }
  }
}
