resource "kubernetes_pod_v1" "confined" {
  metadata {
    name = "confined"
  }
  spec {
    security_context {
      se_linux_options {
        level = "s0:c123,c456"
        type  = "container_t"
      }
      seccomp_profile {
        type = "RuntimeDefault"
      }
    }
    container {
      name  = "app"
      image = "example/app:1.0"
      security_context {
        proc_mount = "Default"
      }
    }
  }
}
