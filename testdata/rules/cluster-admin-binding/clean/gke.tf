# Fetches credentials; Kubernetes RBAC decides the rest.
resource "google_project_iam_member" "github_gke_viewer" {
  project = var.project_id
  role    = "roles/container.clusterViewer"
  member  = "serviceAccount:${google_service_account.github_actions.email}"
}

# Manages clusters, not what runs in them.
resource "google_project_iam_member" "platform_cluster_admin" {
  project = var.project_id
  role    = "roles/container.clusterAdmin"
  member  = "group:platform@example.com"
}

# Where a module grants its roles is the module's business.
module "project_iam" {
  source   = "terraform-google-modules/iam/google//modules/projects_iam"
  projects = [var.project_id]
  bindings = {
    "roles/container.admin" = ["group:platform@example.com"]
  }
}

# Reads the objects of the project's clusters, Secrets excepted.
resource "google_project_iam_member" "auditors_gke_viewer" {
  project = var.project_id
  role    = "roles/container.viewer"
  member  = "group:auditors@example.com"
}
