resource "aws_ecs_task_definition" "api" {
  family = "api"

  container_definitions = jsonencode([
    {
      name   = "api"
      image  = "example/api:1.4.2"
      memory = 512
      environment = [
        { name = "DB_HOST", value = aws_db_instance.main.address },
        { name = "DB_USER", value = var.db_username },
        # Where the secret is, for the app to fetch: not the secret.
        { name = "DB_PASSWORD_SECRET_ARN", value = aws_secretsmanager_secret.db.arn },
        { name = "TOKEN_TTL", value = var.token_ttl },
        # A literal is hardcoded-secret's.
        { name = "API_TOKEN", value = "" },
      ]
      secrets = [
        { name = "DB_PASSWORD", valueFrom = aws_secretsmanager_secret.db.arn },
      ]
    }
  ])
}
