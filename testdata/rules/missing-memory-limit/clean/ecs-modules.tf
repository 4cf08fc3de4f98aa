# The service module gives its task 2048 MiB when `memory` is not set, and
# a lone container definition's task is declared where it is used.
module "api" {
  source = "terraform-aws-modules/ecs/aws//modules/service"

  name = "api"
  container_definitions = {
    api = {
      image = "registry.example.com/api:1.4.2"
    }
  }
}

module "web" {
  source = "terraform-aws-modules/ecs/aws//modules/container-definition"

  name  = "web"
  image = "registry.example.com/web:2.0.0"
}
