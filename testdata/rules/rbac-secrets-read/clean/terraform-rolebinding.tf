# The ClusterRole is granted by a RoleBinding only: in namespace `apps`.
resource "kubernetes_cluster_role_v1" "reader" {
  metadata {
    name = "secret-reader"
  }

  rule {
    api_groups = [""]
    resources  = ["secrets"]
    verbs      = ["get", "list", "watch"]
  }
}

resource "kubernetes_role_binding_v1" "reader" {
  metadata {
    name      = "secret-reader"
    namespace = "apps"
  }

  role_ref {
    api_group = "rbac.authorization.k8s.io"
    kind      = "ClusterRole"
    name      = "secret-reader"
  }

  subject {
    kind      = "ServiceAccount"
    name      = "app"
    namespace = "apps"
  }
}
