resource "kubernetes_daemon_set_v1" "node_sandbox" {
  metadata {
    name = "node-sandbox"
  }
  spec {
    selector {
      match_labels = { app = "node-sandbox" }
    }
    template {
      metadata {
        labels = { app = "node-sandbox" }
      }
      spec {
        security_context {
          se_linux_options {
            type = "spc_t"
          }
        }
        container {
          name  = "builder"
          image = "example/builder:1.0"
          security_context {
            proc_mount = "Unmasked"
          }
        }
        container {
          name  = "helper"
          image = "example/helper:1.0"
        }
      }
    }
  }
}
