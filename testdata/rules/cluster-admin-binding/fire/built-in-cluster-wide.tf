resource "kubernetes_cluster_role_binding" "ops" {
  metadata {
    name = "ops-edit"
  }

  role_ref {
    api_group = "rbac.authorization.k8s.io"
    kind      = "ClusterRole"
    name      = "edit"
  }

  subject {
    kind      = "User"
    name      = "ops@example.com"
    api_group = "rbac.authorization.k8s.io"
  }
}
