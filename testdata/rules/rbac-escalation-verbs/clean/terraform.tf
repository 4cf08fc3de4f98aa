resource "kubernetes_cluster_role_v1" "viewer" {
  metadata {
    name = "viewer"
  }

  rule {
    api_groups = ["rbac.authorization.k8s.io"]
    resources  = ["clusterroles"]
    verbs      = ["get", "list", "watch"]
  }
}
