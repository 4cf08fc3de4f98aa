# A role looked up by a data source is the role it names.
data "google_iam_role" "owner" {
  name = "roles/owner"
}

resource "google_project_iam_member" "ops" {
  project = var.project_id
  role    = data.google_iam_role.owner.name
  member  = "group:ops@example.com"
}

data "google_iam_role" "editor" {
  name = "roles/editor"
}

resource "google_project_iam_binding" "deployers" {
  project = var.project_id
  role    = data.google_iam_role.editor.id
  members = ["serviceAccount:deployer@my-project.iam.gserviceaccount.com"]
}
