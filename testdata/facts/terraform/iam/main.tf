resource "google_project_iam_member" "ci" {
  for_each = toset(var.ci_roles)
  project  = var.project
  role     = each.value
  member   = "serviceAccount:ci@example.iam.gserviceaccount.com"
}

# Empty by default: the callers give the roles, unknown here.
resource "google_project_iam_member" "extra" {
  for_each = toset(var.extra_roles)
  project  = var.project
  role     = each.value
  member   = "group:ops@example.com"
}

data "aws_iam_policy_document" "deploy" {
  statement {
    actions   = local.deploy_actions
    resources = ["*"]
  }
}

resource "aws_iam_policy" "deploy" {
  policy = data.aws_iam_policy_document.deploy.json
}
