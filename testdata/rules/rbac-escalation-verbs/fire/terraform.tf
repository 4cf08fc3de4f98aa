resource "kubernetes_cluster_role" "binder" {
  metadata {
    name = "binder"
  }

  rule {
    api_groups = ["rbac.authorization.k8s.io"]
    resources  = ["clusterroles"]
    verbs      = ["bind", "escalate"]
  }
}
