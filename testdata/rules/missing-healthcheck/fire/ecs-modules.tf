# ECS ignores the image's HEALTHCHECK for module containers too; messages
# name the input as the module version spells it.
module "ecs" {
  source = "terraform-aws-modules/ecs/aws"

  cluster_name = "shop"
  services = {
    frontend = {
      cpu    = 512
      memory = 1024
      container_definitions = {
        web = {
          image         = "registry.example.com/web:2.0.0"
          port_mappings = [{ containerPort = 80 }]
        }
      }
    }
  }
}

module "api" {
  source = "terraform-aws-modules/ecs/aws//modules/service"

  name = "api"
  container_definitions = {
    api = {
      image        = "registry.example.com/api:1.4.2"
      portMappings = [{ containerPort = 8080 }]
    }
  }
}
