# Predefined roles, and prose that mentions a basic role.
module "project" {
  source = "./fabric/modules/project"
  name   = "prod"
  iam = {
    "roles/viewer" = ["group:devs@example.com"]
  }
  description = "roles/owner is held by the break-glass group only"
}

locals {
  readers = ["roles/viewer", "roles/logging.viewer"]
}

resource "google_project_iam_member" "readers" {
  for_each = toset(local.readers)
  project  = "p"
  role     = each.value
  member   = "group:readers@example.com"
}
