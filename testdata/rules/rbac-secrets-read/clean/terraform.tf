# Namespaced, and narrowed to one named Secret.
resource "kubernetes_role_v1" "app" {
  metadata {
    name      = "app-secrets"
    namespace = "app"
  }

  rule {
    api_groups = [""]
    resources  = ["secrets"]
    verbs      = ["get", "list", "watch"]
  }
}

resource "kubernetes_cluster_role_v1" "tls" {
  metadata {
    name = "tls-reader"
  }

  rule {
    api_groups     = [""]
    resources      = ["secrets"]
    resource_names = ["ingress-tls"]
    verbs          = ["get"]
  }
}
