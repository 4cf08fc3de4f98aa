# A binding written as a Terraform kubernetes_manifest is a binding too.
resource "kubernetes_manifest" "ci_admin" {
  manifest = {
    "apiVersion" = "rbac.authorization.k8s.io/v1"
    "kind"       = "ClusterRoleBinding"
    "metadata"   = { "name" = "ci" }
    "roleRef" = {
      "apiGroup" = "rbac.authorization.k8s.io"
      "kind"     = "ClusterRole"
      "name"     = "cluster-admin"
    }
    "subjects" = [{ "kind" = "ServiceAccount", "name" = "ci", "namespace" = "ci" }]
  }
}
