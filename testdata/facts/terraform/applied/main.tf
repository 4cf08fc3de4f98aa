resource "kubernetes_pod_v1" "worker" {
  metadata {
    name = "worker"
  }
  spec {
    container {
      name  = "worker"
      image = "worker:1.4"
      security_context {
        privileged  = var.privileged
        run_as_user = var.run_as
      }
    }
  }
}
