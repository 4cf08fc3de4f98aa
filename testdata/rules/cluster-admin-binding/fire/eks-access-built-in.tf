# `admin` and `edit` by their EKS names, on the whole cluster: warnings.
resource "aws_eks_access_policy_association" "platform" {
  cluster_name  = aws_eks_cluster.main.name
  policy_arn    = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSAdminPolicy"
  principal_arn = aws_iam_role.platform.arn

  access_scope {
    type = "cluster"
  }
}

module "eks" {
  source = "terraform-aws-modules/eks/aws"

  access_entries = {
    deployer = {
      principal_arn = aws_iam_role.deployer.arn
      policy_associations = {
        edit = {
          policy_arn = "arn:${data.aws_partition.current.partition}:eks::aws:cluster-access-policy/AmazonEKSEditPolicy"
          access_scope = {
            type = "cluster"
          }
        }
      }
    }
  }
}

# `cluster-admin` beside `admin` for the same principal: only the first is reported.
resource "aws_eks_access_policy_association" "ops_admin" {
  for_each = var.ops_role_arns

  cluster_name  = aws_eks_cluster.main.name
  policy_arn    = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSAdminPolicy"
  principal_arn = each.value

  access_scope {
    type = "cluster"
  }
}

resource "aws_eks_access_policy_association" "ops_cluster_admin" {
  for_each = var.ops_role_arns

  cluster_name  = aws_eks_cluster.main.name
  policy_arn    = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
  principal_arn = each.value

  access_scope {
    type = "cluster"
  }
}

# Reads every object, Secrets included, on the whole cluster: a warning.
resource "aws_eks_access_policy_association" "auditors" {
  cluster_name  = aws_eks_cluster.main.name
  policy_arn    = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSAdminViewPolicy"
  principal_arn = aws_iam_role.auditors.arn

  access_scope {
    type = "cluster"
  }
}
