resource "aws_ecs_task_definition" "worker" {
  family = "worker"

  container_definitions = jsonencode([
    {
      name   = "worker"
      image  = "worker:1.4"
      memory = 256
      user   = "1000"
      environment = [
        { name = "SEED", value = var.seed },
        { name = "ADMIN_USER", value = var.admin_username },
      ]
    }
  ])
}
