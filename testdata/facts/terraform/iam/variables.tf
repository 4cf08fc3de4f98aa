variable "project" {
  type = string
}

variable "ci_roles" {
  type    = list(string)
  default = ["roles/owner", "roles/logging.viewer"]
}

variable "extra_roles" {
  type    = list(string)
  default = []
}

locals {
  deploy_actions = ["ecs:UpdateService", "iam:PassRole"]
}
