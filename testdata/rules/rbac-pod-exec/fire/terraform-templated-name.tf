# The role's name is built from a variable, and the binding repeats the
# template: the binding grants it cluster-wide, so the finding says so
# rather than that no binding is in sight.
resource "kubernetes_cluster_role" "developers" {
  metadata {
    name = "${var.name_prefix}-developers"
  }

  rule {
    api_groups = [""]
    resources  = ["pods/exec"]
    verbs      = ["create"]
  }
}

resource "kubernetes_cluster_role_binding" "developers" {
  metadata {
    name = "${var.name_prefix}-developers"
  }

  role_ref {
    api_group = "rbac.authorization.k8s.io"
    kind      = "ClusterRole"
    name      = "${var.name_prefix}-developers"
  }

  subject {
    kind      = "Group"
    name      = "developers"
    api_group = "rbac.authorization.k8s.io"
  }
}
