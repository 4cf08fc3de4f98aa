resource "kubernetes_deployment" "web" {
  metadata {
    name = "web"
  }
  spec {
    template {
      metadata {
        labels = { app = "web" }
      }
      spec {
        container {
          name  = "web"
          image = "web:1"
          liveness_probe {
            tcp_socket {
              port = 8080
            }
          }
        }
      }
    }
  }
}

# The container declares no port, but this Service sends its pod traffic.
resource "kubernetes_service_v1" "web" {
  metadata {
    name = "web"
  }
  spec {
    selector = { app = "web" }
    port {
      port        = 80
      target_port = 8080
    }
  }
}
