# A privileged container and a dangerous capability given through the
# terraform-aws-modules ECS service module.
module "agent" {
  source = "terraform-aws-modules/ecs/aws//modules/service"

  name = "agent"
  container_definitions = {
    agent = {
      image      = "registry.example.com/agent:3.1.0"
      privileged = true
    }
  }
}
