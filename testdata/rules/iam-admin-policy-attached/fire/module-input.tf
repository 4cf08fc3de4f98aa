module "ack_capability" {
  source = "../../modules/capability"

  iam_role_policies = {
    AdministratorAccess = "arn:aws:iam::aws:policy/AdministratorAccess"
  }
}
