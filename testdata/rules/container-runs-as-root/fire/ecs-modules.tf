# The terraform-aws-modules ECS modules take the ECS API's container
# settings as inputs: v5 in snake_case, v6 in camelCase.
module "ecs" {
  source  = "terraform-aws-modules/ecs/aws"
  version = "~> 5.0"

  cluster_name = "shop"

  services = {
    frontend = {
      container_definitions = {
        log-router = {
          image                  = "public.ecr.aws/aws-observability/aws-for-fluent-bit:stable"
          firelens_configuration = { type = "fluentbit" }
          memory_reservation     = 50
          user                   = "0"
        }
      }
    }
  }
}

module "api" {
  source  = "terraform-aws-modules/ecs/aws//modules/service"
  version = "~> 6.0"

  name = "api"
  container_definitions = {
    api = {
      image = "registry.example.com/api:1.4.2"
      user  = "root"
    }
  }
}

module "migrate" {
  source = "git::https://github.com/terraform-aws-modules/terraform-aws-ecs.git//modules/container-definition?ref=v5.12.0"

  name  = "migrate"
  image = "registry.example.com/migrate:1.4.2"
  user  = "0:0"
}
