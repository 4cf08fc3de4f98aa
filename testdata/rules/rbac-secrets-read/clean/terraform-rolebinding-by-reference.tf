# The RoleBinding names the ClusterRole by reference, as Terraform code
# usually does: it grants the Secrets of namespace `apps` only.
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
    name      = kubernetes_cluster_role_v1.reader.metadata[0].name
  }

  subject {
    kind      = "ServiceAccount"
    name      = "app"
    namespace = "apps"
  }
}
