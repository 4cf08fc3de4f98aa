# Every service account of the cluster, in every namespace, may take the role.
data "aws_iam_policy_document" "metrics_assume" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = [module.eks.oidc_provider_arn]
    }
    condition {
      test     = "StringLike"
      variable = "${replace(module.eks.cluster_oidc_issuer_url, "https://", "")}:sub"
      values   = ["system:serviceaccount:*:*"]
    }
  }
}

resource "aws_iam_role" "metrics" {
  assume_role_policy = data.aws_iam_policy_document.metrics_assume.json
}

resource "aws_iam_role" "backup" {
  assume_role_policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = aws_iam_openid_connect_provider.eks.arn }
      Condition = {
        StringEquals = { "${local.issuer}:aud" = "sts.amazonaws.com" }
        StringLike   = { "${local.issuer}:sub" = ["system:serviceaccount:backup:restic", "system:serviceaccount:*"] }
      }
    }]
  })
}
