resource "kubernetes_pod_v1" "agent" {
  metadata {
    name = "agent"
  }
  spec {
    host_pid     = true
    host_network = true
    container {
      name  = "agent"
      image = "agent:1"
    }
  }
}
