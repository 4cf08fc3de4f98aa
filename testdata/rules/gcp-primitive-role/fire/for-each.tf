# Roles granted through for_each: each element is a binding of its own.
variable "ci_roles" {
  type    = list(string)
  default = ["roles/logging.logWriter", "roles/editor"]
}

resource "google_project_iam_member" "ci" {
  for_each = toset(var.ci_roles)
  project  = "p"
  role     = each.value
  member   = "serviceAccount:ci@p.iam.gserviceaccount.com"
}

resource "google_project_iam_member" "ops" {
  for_each = toset(["roles/owner", "roles/viewer"])
  project  = "p"
  role     = each.key
  member   = "group:ops@example.com"
}
