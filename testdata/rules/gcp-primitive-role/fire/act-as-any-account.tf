# A Kubernetes service account allowed to act as every service account of
# the project, where one account's policy was meant.
resource "google_project_iam_member" "workload_identity" {
  project = var.project
  role    = "roles/iam.workloadIdentityUser"
  member  = "serviceAccount:${var.project}.svc.id.goog[default/default]"
}

# Setting any service account's policy is granting oneself its use.
resource "google_project_iam_member" "ci_roles" {
  for_each = toset([
    "roles/container.admin",
    "roles/iam.serviceAccountAdmin",
  ])

  project = var.project
  role    = each.key
  member  = "serviceAccount:${google_service_account.ci.email}"
}
