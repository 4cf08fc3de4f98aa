# The same endpoint, with liveness giving up after 2 x 15s = 30s and
# readiness after the default 3 x 10s = 30s: no later.
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
              port = "8080"
            }
            period_seconds    = 15
            failure_threshold = 2
          }
        }
      }
    }
  }
}
