# A worker with no port and no Service selecting it.
resource "kubernetes_deployment_v1" "indexer" {
  metadata {
    name = "indexer"
  }
  spec {
    template {
      metadata {
        labels = { app = "indexer" }
      }
      spec {
        container {
          name  = "indexer"
          image = "registry.example.com/indexer:1"
        }
      }
    }
  }
}

resource "kubernetes_service_v1" "search" {
  metadata {
    name = "search"
  }
  spec {
    selector = { app = "search" }
    port {
      port = 80
    }
  }
}
