# The Terraform provider's typed DaemonSet: a host_path volume on the
# containerd socket, mounted read-only, still hands over the runtime's API.
resource "kubernetes_daemonset" "scanner" {
  metadata {
    name      = "scanner"
    namespace = "security"
  }
  spec {
    selector {
      match_labels = { app = "scanner" }
    }
    template {
      metadata {
        labels = { app = "scanner" }
      }
      spec {
        container {
          name  = "scanner"
          image = "example/scanner:3.2.0"
          volume_mount {
            name       = "containerd"
            mount_path = "/run/containerd/containerd.sock"
            read_only  = true
          }
        }
        volume {
          name = "containerd"
          host_path {
            path = "/run/containerd/containerd.sock"
          }
        }
      }
    }
  }
}
