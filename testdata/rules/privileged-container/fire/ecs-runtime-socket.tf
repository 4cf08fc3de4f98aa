# The collector mounts the directory that holds the Docker socket.
resource "aws_ecs_task_definition" "collector" {
  family                   = "collector"
  requires_compatibilities = ["EC2"]
  memory                   = 512

  volume {
    name      = "var_run"
    host_path = "/var/run"
  }

  container_definitions = jsonencode([
    {
      name  = "collector"
      image = "example/collector:2.1.0"
      mountPoints = [
        { sourceVolume = "var_run", containerPath = "/host/var/run", readOnly = true }
      ]
    }
  ])
}
