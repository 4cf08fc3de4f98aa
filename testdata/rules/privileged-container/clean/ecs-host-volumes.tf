# Host volumes beside the runtime's socket, and a socket volume the
# container does not mount: no runtime API in the container.
resource "aws_ecs_task_definition" "logs" {
  family = "logs"
  memory = 512

  volume {
    name      = "host_logs"
    host_path = "/var/log"
  }

  volume {
    name      = "docker_sock"
    host_path = "/var/run/docker.sock"
  }

  container_definitions = jsonencode([
    {
      name  = "shipper"
      image = "example/shipper:1.4.0"
      mountPoints = [
        { sourceVolume = "host_logs", containerPath = "/var/log/host", readOnly = true }
      ]
    }
  ])
}
