variable "db_password_arn" {
  type      = string
  sensitive = true
}

variable "db_host" {
  type = string
}

# Not declared sensitive: nothing says it is a secret.
variable "log_level" {
  type = string
}

resource "aws_ecs_task_definition" "api" {
  family = "api"

  container_definitions = jsonencode([
    {
      name   = "api"
      image  = "example/api:1.4.2"
      memory = 512
      environment = [
        { name = "DB_HOST", value = var.db_host },
        { name = "LOG_LEVEL", value = var.log_level },
      ]
      # ECS reads the secret when the task starts; the task definition holds its ARN.
      secrets = [
        { name = "DB_PASSWORD", valueFrom = var.db_password_arn },
      ]
    }
  ])
}

# Hidden from plans, but a user name all the same.
variable "db_username" {
  type      = string
  sensitive = true
}

resource "aws_ecs_task_definition" "migrate" {
  family = "migrate"

  container_definitions = jsonencode([
    {
      name   = "migrate"
      image  = "example/migrate:1.4.2"
      memory = 256
      environment = [
        { name = "DB_USER", value = var.db_username },
      ]
    }
  ])
}
