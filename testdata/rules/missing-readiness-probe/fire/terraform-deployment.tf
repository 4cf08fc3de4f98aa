resource "kubernetes_deployment" "web" {
  metadata {
    name = "web"
  }
  spec {
    template {
      metadata {}
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
