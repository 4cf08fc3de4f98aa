resource "kubernetes_cluster_role_binding_v1" "ci" {
  metadata {
    name = "ci-admin"
  }

  role_ref {
    api_group = "rbac.authorization.k8s.io"
    kind      = "ClusterRole"
    name      = "cluster-admin"
  }

  subject {
    kind      = "ServiceAccount"
    name      = "ci"
    namespace = "ci"
  }
}

resource "kubernetes_role_binding" "team" {
  metadata {
    name      = "team-admin"
    namespace = "team"
  }

  role_ref {
    api_group = "rbac.authorization.k8s.io"
    kind      = "ClusterRole"
    name      = "cluster-admin"
  }

  subject {
    kind      = "Group"
    name      = "team"
    api_group = "rbac.authorization.k8s.io"
  }
}
