# Looking up a primitive role grants nothing; a looked-up predefined role
# is not primitive; a lookup whose name is a variable is not guessed.
data "google_iam_role" "owner" {
  name = "roles/owner"
}

output "owner_permissions" {
  value = data.google_iam_role.owner.included_permissions
}

data "google_iam_role" "run_invoker" {
  name = "roles/run.invoker"
}

resource "google_project_iam_member" "invoker" {
  project = var.project_id
  role    = data.google_iam_role.run_invoker.id
  member  = "serviceAccount:caller@my-project.iam.gserviceaccount.com"
}

data "google_iam_role" "chosen" {
  name = var.role
}

resource "google_project_iam_member" "chosen" {
  project = var.project_id
  role    = data.google_iam_role.chosen.name
  member  = "user:someone@example.com"
}
