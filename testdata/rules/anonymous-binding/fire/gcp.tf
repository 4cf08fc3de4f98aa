# A static website's bucket: readable by anyone, which is worth a look.
resource "google_storage_bucket_iam_binding" "website" {
  bucket  = google_storage_bucket.website.name
  role    = "roles/storage.objectViewer"
  members = ["allUsers"]
}

# Anyone with a Google account may write objects.
resource "google_storage_bucket_iam_member" "uploads" {
  bucket = google_storage_bucket.uploads.name
  role   = "roles/storage.objectCreator"
  member = "allAuthenticatedUsers"
}

resource "google_pubsub_topic_iam_member" "events" {
  topic  = google_pubsub_topic.events.name
  role   = "roles/pubsub.publisher"
  member = "allUsers"
}

resource "google_bigquery_dataset" "dataset" {
  dataset_id = "analytics"

  access {
    role          = "OWNER"
    user_by_email = "owner@example.com"
  }

  access {
    special_group = "allAuthenticatedUsers"
    role          = "READER"
  }
}

resource "google_storage_bucket_access_control" "public_rule" {
  bucket = google_storage_bucket.uploads.name
  role   = "OWNER"
  entity = "allUsers"
}

resource "google_storage_bucket_acl" "canned" {
  bucket         = google_storage_bucket.website.name
  predefined_acl = "publicRead"
}

resource "google_storage_object_acl" "entities" {
  bucket      = google_storage_bucket.website.name
  object      = "index.html"
  role_entity = ["OWNER:user-owner@example.com", "WRITER:allUsers"]
}

data "google_iam_policy" "admin" {
  binding {
    role    = "roles/storage.admin"
    members = ["user:jane@example.com", "allUsers"]
  }
}

# Reading the whole project: every resource's configuration, to anyone.
resource "google_project_iam_member" "everyone_views" {
  project = var.project_id
  role    = "roles/viewer"
  member  = "allAuthenticatedUsers"
}
