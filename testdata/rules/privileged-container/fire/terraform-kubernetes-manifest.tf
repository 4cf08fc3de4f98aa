# kubernetes_manifest holds a whole object, as an HCL object or as YAML.
resource "kubernetes_manifest" "agent" {
  manifest = {
    apiVersion = "apps/v1"
    kind       = "DaemonSet"
    metadata = {
      name      = "agent"
      namespace = "kube-system"
    }
    spec = {
      selector = { matchLabels = { app = "agent" } }
      template = {
        metadata = { labels = { app = "agent" } }
        spec = {
          containers = [{
            name  = "agent"
            image = "agent:1"
            securityContext = {
              privileged = true
            }
          }]
        }
      }
    }
  }
}

resource "kubernetes_manifest" "debug" {
  manifest = yamldecode(<<-EOT
    apiVersion: v1
    kind: Pod
    metadata:
      name: debug
    spec:
      containers:
        - name: shell
          image: busybox:1.36
          securityContext: {privileged: true}
  EOT
  )
}
