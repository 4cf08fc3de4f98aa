resource "kubernetes_deployment" "tracer" {
  metadata {
    name = "tracer"
  }
  spec {
    selector {
      match_labels = { app = "tracer" }
    }
    template {
      metadata {
        labels = { app = "tracer" }
      }
      spec {
        container {
          name  = "tracer"
          image = "example/tracer:0.9"
          security_context {
            seccomp_profile {
              type = "Unconfined"
            }
          }
        }
      }
    }
  }
}
