# Roles that set IAM policies can grant their holder roles/owner.
resource "google_project_iam_member" "deploy_iam" {
  project = var.project
  role    = "roles/resourcemanager.projectIamAdmin"
  member  = "serviceAccount:${google_service_account.deploy.email}"
}

resource "google_organization_iam_member" "security" {
  org_id = var.org_id
  role   = "roles/iam.securityAdmin"
  member = "group:platform@example.com"
}

# A condition that still lets it grant roles/owner limits nothing.
resource "google_project_iam_member" "grants_owner" {
  project = var.project
  role    = "roles/resourcemanager.projectIamAdmin"
  member  = "serviceAccount:${google_service_account.deploy.email}"

  condition {
    title      = "owner only"
    expression = "api.getAttribute('iam.googleapis.com/modifiedGrantsByRole', []).hasOnly(['roles/owner'])"
  }
}

# Granted on the whole project, they act as every service account in it.
resource "google_project_iam_member" "ci" {
  for_each = toset([
    "roles/run.admin",
    "roles/iam.serviceAccountUser",
    "roles/iam.serviceAccountTokenCreator",
  ])
  project = var.project
  role    = each.value
  member  = "serviceAccount:${google_service_account.ci.email}"
}

resource "google_folder_iam_binding" "impersonate" {
  folder  = var.folder
  role    = "roles/iam.serviceAccountTokenCreator"
  members = ["group:oncall@example.com"]
}
