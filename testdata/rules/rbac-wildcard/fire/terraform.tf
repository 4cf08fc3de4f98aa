# Roles written with the Terraform kubernetes provider are RBAC like manifests.
resource "kubernetes_cluster_role_v1" "operator" {
  metadata {
    name = "operator"
  }

  rule {
    api_groups = ["*"]
    resources  = ["*"]
    verbs      = ["*"]
  }
}

resource "kubernetes_role" "deployer" {
  metadata {
    name      = "deployer"
    namespace = "apps"
  }

  rule {
    api_groups = ["apps"]
    resources  = ["deployments"]
    verbs      = ["*"]
  }
}
