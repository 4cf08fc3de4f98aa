# A uid passed by reference may be 0: a low-confidence note, not a claim
# that none is set.
resource "kubernetes_pod_v1" "api" {
  metadata {
    name = "api"
  }
  spec {
    security_context {
      run_as_user = var.uid
    }
    container {
      name  = "api"
      image = "api:1"
    }
  }
}
