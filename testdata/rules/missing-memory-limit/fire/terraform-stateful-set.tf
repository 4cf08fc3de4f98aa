# The suggestion is written as the provider spells it.
resource "kubernetes_stateful_set_v1" "db" {
  metadata {
    name = "db"
  }
  spec {
    service_name = "db"
    template {
      metadata {}
      spec {
        container {
          name  = "db"
          image = "postgres:16"
          resources {
            requests = {
              memory = "1Gi"
            }
          }
        }
      }
    }
  }
}
