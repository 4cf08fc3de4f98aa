# A `target_port` held in a variable with no default may be any port: the
# port-less worker the Service selects is reported.
variable "worker_port" {
  type = number
}

resource "kubernetes_deployment_v1" "thumbnails" {
  metadata {
    name = "thumbnails"
  }
  spec {
    selector {
      match_labels = { app = "thumbnails" }
    }
    template {
      metadata {
        labels = { app = "thumbnails" }
      }
      spec {
        container {
          name  = "worker"
          image = "registry.example.com/thumbnails:0.7"
          liveness_probe {
            exec {
              command = ["thumbnails", "ping"]
            }
          }
        }
      }
    }
  }
}

resource "kubernetes_service_v1" "thumbnails" {
  metadata {
    name = "thumbnails"
  }
  spec {
    selector = { app = "thumbnails" }
    port {
      port        = 80
      target_port = var.worker_port
    }
  }
}
