# No `sensitive` declaration in sight: the variables' names say what they hold.
resource "random_password" "jwt" {
  length = 48
}

resource "aws_ecs_task_definition" "api" {
  family = "api"

  container_definitions = jsonencode([
    {
      name   = "api"
      image  = "example/api:1.4.2"
      memory = 512
      environment = [
        { name = "DB_HOST", value = aws_db_instance.main.address },
        { name = "DB_PORT", value = tostring(aws_db_instance.main.port) },
        { name = "DB_PASSWORD", value = var.database_password },
        { name = "JWT_SECRET", value = random_password.jwt.result },
      ]
    }
  ])
}
