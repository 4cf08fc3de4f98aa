# ECS module containers with a non-root user, or none (the image decides,
# which is not judged); another publisher's module is not guessed at.
module "api" {
  source = "terraform-aws-modules/ecs/aws//modules/service"

  name = "api"
  container_definitions = {
    api = {
      image = "registry.example.com/api:1.4.2"
      user  = "10001:10001"
    }
    worker = {
      image = "registry.example.com/worker:1.4.2"
    }
  }
}

module "sidecar" {
  source = "cloudposse/ecs-container-definition/aws"

  container_name  = "sidecar"
  container_image = "busybox:1.36"
  user            = "0"
}
