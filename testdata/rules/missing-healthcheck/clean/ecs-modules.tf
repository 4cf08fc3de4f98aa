# Module containers with a health check (either spelling), and a log
# router that is not essential: the task lives on without it.
module "ecs" {
  source = "terraform-aws-modules/ecs/aws"

  cluster_name = "shop"
  services = {
    frontend = {
      container_definitions = {
        web = {
          image = "registry.example.com/web:2.0.0"
          health_check = {
            command = ["CMD-SHELL", "curl -f http://localhost/health || exit 1"]
          }
        }
        log-router = {
          image     = "public.ecr.aws/aws-observability/aws-for-fluent-bit:stable"
          essential = false
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
      image       = "registry.example.com/api:1.4.2"
      healthCheck = { command = ["CMD", "/app/healthcheck"] }
    }
  }
}
