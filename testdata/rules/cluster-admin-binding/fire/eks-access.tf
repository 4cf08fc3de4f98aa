resource "kubernetes_config_map" "aws_auth" {
  metadata {
    name      = "aws-auth"
    namespace = "kube-system"
  }

  data = {
    mapRoles = <<-YAML
      - rolearn: ${var.node_role_arn}
        username: system:node:{{EC2PrivateDNSName}}
        groups:
          - system:bootstrappers
          - system:nodes
      - rolearn: ${var.admin_role_arn}
        username: admin
        groups:
          - system:masters
    YAML
    mapUsers = yamlencode([
      {
        userarn  = "arn:aws:iam::111122223333:user/bob"
        username = "bob"
        groups   = ["system:masters"]
      },
    ])
  }
}

module "eks" {
  source = "terraform-aws-modules/eks/aws"

  aws_auth_roles = [
    {
      rolearn  = aws_iam_role.deployer.arn
      username = "deployer"
      groups   = ["system:masters"]
    },
  ]

  access_entries = {
    ops = {
      principal_arn = "arn:aws:iam::111122223333:role/ops"
      policy_associations = {
        admin = {
          policy_arn = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
          access_scope = {
            type = "cluster"
          }
        }
      }
    }
  }
}

resource "aws_eks_access_policy_association" "ci" {
  cluster_name  = aws_eks_cluster.main.name
  policy_arn    = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
  principal_arn = aws_iam_role.ci.arn

  access_scope {
    type = "cluster"
  }
}

# Scoped to namespaces: their owner, Secrets and RBAC included.
resource "aws_eks_access_policy_association" "team" {
  cluster_name  = aws_eks_cluster.main.name
  policy_arn    = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy"
  principal_arn = aws_iam_role.team.arn

  access_scope {
    type       = "namespace"
    namespaces = ["team-a"]
  }
}
