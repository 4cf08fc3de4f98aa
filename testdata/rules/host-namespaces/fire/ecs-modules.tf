# A service module whose task shares the host's PID namespace.
module "monitor" {
  source = "terraform-aws-modules/ecs/aws//modules/service"

  name     = "monitor"
  pid_mode = "host"
  container_definitions = {
    monitor = {
      image = "registry.example.com/monitor:1.0.0"
    }
  }
}
