# Roles handed to modules, which bind them.
module "project" {
  source = "./fabric/modules/project"
  name   = "prod"
  iam = {
    "roles/editor"            = ["group:devs@example.com"]
    "roles/logging.logWriter" = ["serviceAccount:app@prod.iam.gserviceaccount.com"]
  }
}

module "ci_service_account" {
  source        = "terraform-google-modules/service-accounts/google"
  project_id    = "prod"
  names         = ["ci"]
  project_roles = ["prod=>roles/viewer", "${var.project_id}=>roles/editor"]
  roles         = ["roles/owner"]
}
