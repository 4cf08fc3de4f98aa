# A port-less helper beside the container that declares the port the
# Service targets (`target_port` is a string: "8080" is the number).
resource "kubernetes_deployment_v1" "shop" {
  metadata {
    name = "shop"
  }
  spec {
    template {
      metadata {
        labels = { app = "shop" }
      }
      spec {
        container {
          name  = "web"
          image = "registry.example.com/shop:4.1"
          port {
            container_port = 8080
          }
          readiness_probe {
            tcp_socket {
              port = 8080
            }
          }
          liveness_probe {
            tcp_socket {
              port = 8080
            }
          }
        }
        container {
          name  = "log-shipper"
          image = "registry.example.com/fluent-bit:3.0"
          liveness_probe {
            exec {
              command = ["fluent-bit", "--version"]
            }
          }
        }
      }
    }
  }
}

resource "kubernetes_service_v1" "shop" {
  metadata {
    name = "shop"
  }
  spec {
    selector = { app = "shop" }
    port {
      port        = 80
      target_port = "8080"
    }
  }
}
