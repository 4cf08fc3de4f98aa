resource "google_project_iam_member" "viewer" {
  project = var.project
  role    = "roles/viewer"
  member  = "user:alice@example.com"
}

# A custom role whose id is "owner" is not the basic role.
resource "google_project_iam_member" "custom" {
  project = var.project
  role    = "projects/my-project/roles/owner"
  member  = "user:bob@example.com"
}

resource "google_storage_bucket_iam_member" "objects" {
  bucket = google_storage_bucket.data.name
  role   = "roles/storage.objectAdmin"
  member = "serviceAccount:${google_service_account.app.email}"
}

resource "google_project_iam_member" "input" {
  project = var.project
  role    = var.role
  member  = "user:carol@example.com"
}
