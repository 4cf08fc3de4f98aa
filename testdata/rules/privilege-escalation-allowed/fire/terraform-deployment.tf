# Terraform's typed resources: the message names the provider's keys.
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
        }
        container {
          name  = "debug"
          image = "busybox:1.36"
          security_context {
            allow_privilege_escalation = true
          }
        }
      }
    }
  }
}
