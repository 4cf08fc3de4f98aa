# A typed Deployment whose host_path volumes hold no runtime socket.
resource "kubernetes_deployment_v1" "web" {
  metadata {
    name = "web"
  }
  spec {
    selector {
      match_labels = { app = "web" }
    }
    template {
      metadata {
        labels = { app = "web" }
      }
      spec {
        container {
          name  = "web"
          image = "example/web:1.0.0"
          volume_mount {
            name       = "certs"
            mount_path = "/etc/ssl/certs"
            read_only  = true
          }
        }
        volume {
          name = "certs"
          host_path {
            path = "/etc/ssl/certs"
          }
        }
      }
    }
  }
}
