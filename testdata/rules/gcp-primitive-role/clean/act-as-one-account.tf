# Granted on the one service account the workload runs as.
resource "google_service_account_iam_member" "workload_identity" {
  service_account_id = google_service_account.app.name
  role               = "roles/iam.workloadIdentityUser"
  member             = "serviceAccount:${var.project}.svc.id.goog[app/app]"
}

resource "google_service_account_iam_member" "owner_team" {
  service_account_id = google_service_account.app.name
  role               = "roles/iam.serviceAccountAdmin"
  member             = "group:platform@example.com"
}
