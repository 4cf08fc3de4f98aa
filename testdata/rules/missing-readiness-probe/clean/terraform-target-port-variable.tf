# The Service's `target_port` is held in a variable whose default the
# sidecar declares: its traffic goes to the proxy, not to the port-less
# worker beside it.
variable "proxy_port" {
  default = 8443
}

resource "kubernetes_deployment_v1" "queue" {
  metadata {
    name = "queue"
  }
  spec {
    selector {
      match_labels = { app = "queue" }
    }
    template {
      metadata {
        labels = { app = "queue" }
      }
      spec {
        container {
          name  = "worker"
          image = "registry.example.com/queue-worker:4.1"
          liveness_probe {
            exec {
              command = ["worker", "ping"]
            }
          }
        }
        container {
          name  = "proxy"
          image = "registry.example.com/tls-proxy:1.2"
          port {
            container_port = 8443
          }
          liveness_probe {
            tcp_socket {
              port = 8443
            }
          }
          readiness_probe {
            tcp_socket {
              port = 8443
            }
          }
        }
      }
    }
  }
}

resource "kubernetes_service_v1" "queue" {
  metadata {
    name = "queue"
  }
  spec {
    selector = { app = "queue" }
    port {
      port        = 443
      target_port = var.proxy_port
    }
  }
}
