# A ClusterRole decoded from YAML in a kubernetes_manifest.
resource "kubernetes_manifest" "operator_role" {
  manifest = yamldecode(<<-EOT
    apiVersion: rbac.authorization.k8s.io/v1
    kind: ClusterRole
    metadata:
      name: operator
    rules:
      - apiGroups: ["*"]
        resources: ["*"]
        verbs: ["*"]
    EOT
  )
}
