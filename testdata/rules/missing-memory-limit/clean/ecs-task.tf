resource "aws_ecs_task_definition" "api" {
  family = "api"
  cpu    = 512
  memory = var.task_memory

  container_definitions = jsonencode([
    {
      name  = "api"
      image = "ghcr.io/example/api:3.1.0"
    }
  ])
}
