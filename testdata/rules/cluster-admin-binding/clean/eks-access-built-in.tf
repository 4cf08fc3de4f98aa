# `admin` and `edit` in the namespaces of their access scope: what they are for.
resource "aws_eks_access_policy_association" "team" {
  cluster_name  = aws_eks_cluster.main.name
  policy_arn    = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSAdminPolicy"
  principal_arn = aws_iam_role.team.arn

  access_scope {
    type       = "namespace"
    namespaces = ["team-a", "team-b"]
  }
}

module "eks" {
  source = "terraform-aws-modules/eks/aws"

  access_entries = {
    deployer = {
      principal_arn = aws_iam_role.deployer.arn
      policy_associations = {
        edit = {
          policy_arn = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy"
          access_scope = {
            type       = "namespace"
            namespaces = ["apps"]
          }
        }
        # Reads every object but Secrets, cluster wide.
        view = {
          policy_arn = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy"
          access_scope = {
            type = "cluster"
          }
        }
      }
    }
  }
}

# A scope a variable holds is not judged.
resource "aws_eks_access_policy_association" "unknown" {
  cluster_name  = aws_eks_cluster.main.name
  policy_arn    = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSEditPolicy"
  principal_arn = aws_iam_role.ops.arn

  access_scope {
    type = var.access_scope_type
  }
}

# Reads every object of its namespaces, Secrets included: one team's own.
resource "aws_eks_access_policy_association" "team_view" {
  cluster_name  = aws_eks_cluster.main.name
  policy_arn    = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSAdminViewPolicy"
  principal_arn = aws_iam_role.team.arn

  access_scope {
    type       = "namespace"
    namespaces = ["team-a"]
  }
}

# EKS refuses a Kubernetes group that starts with `system:` in an access
# entry (InvalidParameterException): this grants nothing, it fails to apply.
resource "aws_eks_access_entry" "masters" {
  cluster_name      = aws_eks_cluster.main.name
  principal_arn     = aws_iam_role.ops.arn
  kubernetes_groups = ["system:masters"]
}
