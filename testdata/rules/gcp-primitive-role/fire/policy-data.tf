# A whole IAM policy written out as JSON rather than with data "google_iam_policy".
resource "google_project_iam_policy" "project" {
  project = "my-project"
  policy_data = jsonencode({
    bindings = [
      { role = "roles/viewer", members = ["group:devs@example.com"] },
      { role = "roles/owner", members = ["user:admin@example.com"] },
    ]
  })
}

resource "google_storage_bucket_iam_policy" "assets" {
  bucket      = "assets"
  policy_data = <<-EOT
    {"bindings": [{"role": "roles/editor", "members": ["serviceAccount:ci@p.iam.gserviceaccount.com"]}]}
  EOT
}
