# Only the audience is checked: every service account of the cluster.
resource "aws_iam_role" "reports" {
  assume_role_policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = module.eks.oidc_provider_arn }
      Condition = {
        StringEquals = { "${module.eks.oidc_provider}:aud" = "sts.amazonaws.com" }
      }
    }]
  })
}

# No condition at all, on the cluster's issuer by its host.
data "aws_iam_policy_document" "exporter_assume" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = ["arn:aws:iam::111122223333:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/5C0FFEE5C0FFEE5C0FFEE5C0FFEE5C0F"]
    }
  }
}

resource "aws_iam_role" "exporter" {
  assume_role_policy = data.aws_iam_policy_document.exporter_assume.json
}

# `*` matches every subject the cluster issues.
resource "aws_iam_role" "scanner" {
  assume_role_policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = var.eks_oidc_provider_arn }
      Condition = {
        StringLike = { "${var.eks_oidc_provider}:sub" = "*" }
      }
    }]
  })
}
