# A fixed name in any namespace: a service account named `loki` anywhere
# takes the role.
data "aws_iam_policy_document" "loki_assume" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = [module.eks.oidc_provider_arn]
    }
    condition {
      test     = "StringLike"
      variable = "${module.eks.oidc_provider}:sub"
      values   = ["system:serviceaccount:*:loki"]
    }
  }
}

resource "aws_iam_role" "loki" {
  assume_role_policy = data.aws_iam_policy_document.loki_assume.json
}

# Conditions are all required: the narrowest decides (any namespace,
# names ending in -sa).
data "aws_iam_policy_document" "store_assume" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = [module.eks.oidc_provider_arn]
    }
    condition {
      test     = "StringLike"
      variable = "${module.eks.oidc_provider}:sub"
      values   = ["system:serviceaccount:*:*"]
    }
    condition {
      test     = "StringLike"
      variable = "${module.eks.oidc_provider}:sub"
      values   = ["system:serviceaccount:*:*-sa"]
    }
  }
}

resource "aws_iam_role" "store" {
  assume_role_policy = data.aws_iam_policy_document.store_assume.json
}
