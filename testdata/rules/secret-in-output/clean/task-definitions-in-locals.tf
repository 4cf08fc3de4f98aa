# Container definitions built in locals: the secrets come through `secrets`.
locals {
  api_environment = [
    { name = "DB_HOST", value = "db.internal" },
    { name = "DB_USER", value = var.db_user },
    { name = "DB_PASSWORD_SECRET_ARN", value = aws_secretsmanager_secret.db.arn },
  ]

  api = {
    name        = "api"
    image       = "example/api:1.4.2"
    memory      = 512
    environment = local.api_environment
    secrets = [
      { name = "DB_PASSWORD", valueFrom = "${aws_secretsmanager_secret.db.arn}:password::" },
    ]
  }
}

resource "aws_ecs_task_definition" "api" {
  family                = "api"
  container_definitions = jsonencode([local.api])
}
