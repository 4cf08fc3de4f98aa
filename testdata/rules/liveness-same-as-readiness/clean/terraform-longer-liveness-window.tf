# The same endpoint written in another order, and a named port that resolves
# to the same number: the same check, but liveness gives up after 180s and
# readiness after 15s, so readiness sheds the traffic first.
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
          port {
            name           = "http"
            container_port = 8080
          }
          readiness_probe {
            http_get {
              path = "/healthz"
              port = 8080
            }
            period_seconds = 5
          }
          liveness_probe {
            period_seconds    = 30
            failure_threshold = 6
            http_get {
              port = "http"
              path = "/healthz"
            }
          }
        }
      }
    }
  }
}
