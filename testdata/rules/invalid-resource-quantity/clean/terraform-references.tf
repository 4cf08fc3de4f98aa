# Values passed by reference are set, to what the module's caller gives:
# unknown here, not missing (and not worth a note: it is how Terraform is
# written).
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
          resources {
            limits = {
              memory = var.memory_limit
              cpu    = "${var.cpu_millis}m"
            }
            requests = var.requests
          }
        }
      }
    }
  }
}
