# A public Cloud Run service: invoking it is what allUsers is for.
resource "google_cloud_run_service_iam_member" "public" {
  service  = google_cloud_run_service.api.name
  location = google_cloud_run_service.api.location
  role     = "roles/run.invoker"
  member   = "allUsers"
}

resource "google_cloudfunctions_function_iam_member" "invoker" {
  cloud_function = google_cloudfunctions_function.hook.name
  role           = "roles/cloudfunctions.invoker"
  member         = "allUsers"
}

resource "google_storage_bucket_iam_binding" "team" {
  bucket  = google_storage_bucket.website.name
  role    = "roles/storage.objectViewer"
  members = ["group:web-team@example.com", "serviceAccount:cdn@my-project.iam.gserviceaccount.com"]
}

resource "google_bigquery_dataset" "dataset" {
  dataset_id = "analytics"

  access {
    special_group = "projectReaders"
    role          = "READER"
  }
}

resource "google_storage_bucket_acl" "private" {
  bucket         = google_storage_bucket.website.name
  predefined_acl = "projectPrivate"
}

resource "google_storage_bucket_access_control" "team" {
  bucket = google_storage_bucket.website.name
  role   = "READER"
  entity = "group-web-team@example.com"
}
