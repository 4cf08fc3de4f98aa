resource "google_project_iam_member" "owner" {
  project = var.project
  role    = "roles/owner"
  member  = "user:alice@example.com"
}

resource "google_project_iam_binding" "editors" {
  project = var.project
  role    = "roles/editor"
  members = ["group:dev@example.com"]
}

data "google_iam_policy" "admin" {
  binding {
    role    = "roles/owner"
    members = ["serviceAccount:ci@example.iam.gserviceaccount.com"]
  }
}
