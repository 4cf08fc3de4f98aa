# The module's default is unprivileged; `privileged = false` says so.
module "web" {
  source = "terraform-aws-modules/ecs/aws//modules/container-definition"

  name       = "web"
  image      = "registry.example.com/web:2.0.0"
  privileged = false
}
