# A pod that restarts Never runs to completion, as does a CronJob's; a
# sidecar (an init container with restart_policy Always) may go without.
resource "kubernetes_pod_v1" "migrate" {
  metadata {
    name = "migrate"
  }
  spec {
    restart_policy = "Never"
    container {
      name  = "migrate"
      image = "migrate:1"
    }
  }
}

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
            init_container {
              name           = "proxy"
              image          = "proxy:1"
              restart_policy = "Always"
            }
            container {
              name  = "report"
              image = "report:1"
            }
          }
        }
      }
    }
  }
}
