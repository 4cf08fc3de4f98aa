resource "kubernetes_cron_job_v1" "report" {
  metadata {
    name = "report"
  }
  spec {
    schedule = "0 3 * * *"
    job_template {
      metadata {}
      spec {
        template {
          metadata {}
          spec {
            security_context {
              run_as_non_root = true
            }
            container {
              name  = "report"
              image = "report:1"
              security_context {
                run_as_non_root = false
              }
            }
          }
        }
      }
    }
  }
}
