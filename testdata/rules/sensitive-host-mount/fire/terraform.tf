# The Terraform provider's typed DaemonSet: the host's /etc mounted without
# read_only.
resource "kubernetes_daemonset" "config_sync" {
  metadata {
    name      = "config-sync"
    namespace = "ops"
  }
  spec {
    selector {
      match_labels = { app = "config-sync" }
    }
    template {
      metadata {
        labels = { app = "config-sync" }
      }
      spec {
        container {
          name  = "sync"
          image = "example/config-sync:2.0.3"
          volume_mount {
            name       = "host-etc"
            mount_path = "/host/etc"
          }
        }
        volume {
          name = "host-etc"
          host_path {
            path = "/etc"
          }
        }
      }
    }
  }
}
