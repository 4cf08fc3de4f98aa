resource "kubernetes_config_map_v1_data" "aws_auth" {
  metadata {
    name      = "aws-auth"
    namespace = "kube-system"
  }

  data = {
    mapRoles = yamlencode([
      {
        rolearn  = aws_iam_role.nodes.arn
        username = "system:node:{{EC2PrivateDNSName}}"
        groups   = ["system:bootstrappers", "system:nodes"]
      },
      {
        rolearn  = aws_iam_role.developers.arn
        username = "developer"
        groups   = ["developers"]
      },
    ])
  }
}

# Another ConfigMap that happens to hold the same keys.
resource "kubernetes_config_map" "notes" {
  metadata {
    name = "notes"
  }
  data = {
    mapRoles = "- rolearn: arn:aws:iam::111122223333:role/x\n  groups: [system:masters]\n"
  }
}

resource "aws_eks_access_policy_association" "viewers" {
  cluster_name  = aws_eks_cluster.main.name
  policy_arn    = "arn:aws:eks::aws:cluster-access-policy/AmazonEKSViewPolicy"
  principal_arn = aws_iam_role.viewers.arn

  access_scope {
    type = "cluster"
  }
}
