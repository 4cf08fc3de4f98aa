# Liveness's failure threshold is a variable: its window is unknown, and an
# unknown window is no evidence that liveness gives up first.
variable "liveness_failures" {
  type = number
}

resource "kubernetes_deployment_v1" "api" {
  metadata {
    name = "api"
  }
  spec {
    template {
      metadata {}
      spec {
        container {
          name  = "api"
          image = "api:1"
          readiness_probe {
            http_get {
              path = "/healthz"
              port = 8080
            }
          }
          liveness_probe {
            http_get {
              path = "/healthz"
              port = 8080
            }
            failure_threshold = var.liveness_failures
          }
        }
      }
    }
  }
}
