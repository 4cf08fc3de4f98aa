# Every account of one namespace, and a second condition that names one.
data "aws_iam_policy_document" "jobs_assume" {
  statement {
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = [module.eks.oidc_provider_arn]
    }
    condition {
      test     = "StringLike"
      variable = "${module.eks.oidc_provider}:sub"
      values   = ["system:serviceaccount:batch:*"]
    }
  }
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
      test     = "StringEquals"
      variable = "${module.eks.oidc_provider}:sub"
      values   = ["system:serviceaccount:batch:runner"]
    }
  }
}

# A Deny is no grant.
data "aws_iam_policy_document" "deny_assume" {
  statement {
    effect  = "Deny"
    actions = ["sts:AssumeRoleWithWebIdentity"]
    principals {
      type        = "Federated"
      identifiers = [module.eks.oidc_provider_arn]
    }
    condition {
      test     = "StringLike"
      variable = "${module.eks.oidc_provider}:sub"
      values   = ["system:serviceaccount:*"]
    }
  }
}

resource "aws_iam_role" "jobs" {
  assume_role_policy = data.aws_iam_policy_document.jobs_assume.json
}

resource "aws_iam_role" "deny" {
  assume_role_policy = data.aws_iam_policy_document.deny_assume.json
}

# `StringEquals` takes `*` as written.
resource "aws_iam_role" "literal" {
  assume_role_policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = aws_iam_openid_connect_provider.eks.arn }
      Condition = {
        StringEquals = { "${local.issuer}:sub" = "system:serviceaccount:*:loki" }
      }
    }]
  })
}
