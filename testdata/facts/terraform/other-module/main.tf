# The same names as ../module, declared nowhere in this module: unknown, never guilty.
resource "kubernetes_cron_job_v1" "tool" {
  metadata {
    name = "tool"
  }
  spec {
    schedule = "0 * * * *"
    job_template {
      metadata {}
      spec {
        template {
          metadata {}
          spec {
            container {
              name  = "tool"
              image = "tool:1"
              security_context {
                privileged = var.privileged
              }
            }
          }
        }
      }
    }
  }
}

resource "aws_db_instance" "main" {
  engine   = "postgres"
  username = "app"
  password = var.bootstrap
}
