# Every action on every resource, given to a module as a statement object.
module "admin_role" {
  source = "terraform-aws-modules/iam/aws//modules/iam-role"
  name   = "admin"

  inline_policy_permissions = {
    Admin = {
      actions   = ["*"]
      resources = ["*"]
    }
  }
}
