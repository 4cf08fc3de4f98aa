# The deploy workflow's service account, cluster-admin of every GKE cluster of the project.
resource "google_project_iam_member" "github_gke_admin" {
  project = var.project_id
  role    = "roles/container.admin"
  member  = "serviceAccount:${google_service_account.github_actions.email}"
}

resource "google_folder_iam_binding" "platform_gke_admin" {
  folder  = var.folder_id
  role    = "roles/container.admin"
  members = ["group:platform@example.com"]
}

# Reads and writes every object but RBAC in every cluster of the project: a warning.
resource "google_project_iam_member" "ci_gke_developer" {
  project = var.project_id
  role    = "roles/container.developer"
  member  = "serviceAccount:${google_service_account.ci.email}"
}
