locals {
  admin_roles = ["roles/owner", "roles/iam.securityAdmin"]
}

resource "google_project_iam_member" "admins" {
  for_each = toset(local.admin_roles)
  project  = "p"
  role     = each.value
  member   = "group:admins@example.com"
}
