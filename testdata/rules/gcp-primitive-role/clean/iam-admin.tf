# Acting as one service account, granted on that account.
resource "google_service_account_iam_member" "ci_acts_as_runtime" {
  service_account_id = google_service_account.runtime.name
  role               = "roles/iam.serviceAccountUser"
  member             = "serviceAccount:${google_service_account.ci.email}"
}

resource "google_service_account_iam_binding" "impersonate" {
  service_account_id = google_service_account.deployer.name
  role               = "roles/iam.serviceAccountTokenCreator"
  members            = ["group:oncall@example.com"]
}

data "google_iam_policy" "runtime" {
  binding {
    role    = "roles/iam.serviceAccountUser"
    members = ["serviceAccount:ci@example.iam.gserviceaccount.com"]
  }
}

module "runtime_sa" {
  source = "terraform-google-modules/service-accounts/google"
  iam = {
    "roles/iam.serviceAccountTokenCreator" = ["group:oncall@example.com"]
  }
}

# Delegated: it may grant the GKE node role and nothing else.
resource "google_project_iam_member" "deploy_node_roles" {
  project = var.project
  role    = "roles/resourcemanager.projectIamAdmin"
  member  = "serviceAccount:${google_service_account.deploy.email}"

  condition {
    title      = "node role only"
    expression = "api.getAttribute('iam.googleapis.com/modifiedGrantsByRole', []).hasOnly(['roles/container.defaultNodeServiceAccount'])"
  }
}

resource "google_project_iam_member" "viewer" {
  project = var.project
  role    = "roles/iam.serviceAccountViewer"
  member  = "group:dev@example.com"
}
