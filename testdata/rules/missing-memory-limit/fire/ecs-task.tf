resource "aws_ecs_task_definition" "api" {
  family                   = "api"
  requires_compatibilities = ["EC2"]

  container_definitions = jsonencode([
    {
      name              = "api"
      image             = "ghcr.io/example/api:3.1.0"
      memoryReservation = 256
      essential         = true
    }
  ])
}
