# The host's root filesystem mounted read-only into a Terraform-declared
# metrics exporter, and its /etc with a read_only the module is given.
resource "kubernetes_daemon_set_v1" "exporter" {
  metadata {
    name = "exporter"
  }
  spec {
    selector {
      match_labels = { app = "exporter" }
    }
    template {
      metadata {
        labels = { app = "exporter" }
      }
      spec {
        container {
          name  = "exporter"
          image = "example/node-exporter:1.8.2"
          volume_mount {
            name       = "root"
            mount_path = "/host/root"
            read_only  = true
          }
          volume_mount {
            name       = "etc"
            mount_path = "/host/etc"
            read_only  = var.read_only_host_mounts
          }
        }
        volume {
          name = "root"
          host_path {
            path = "/"
          }
        }
        volume {
          name = "etc"
          host_path {
            path = "/etc"
          }
        }
      }
    }
  }
}
