variable "db_password" {
  type      = string
  sensitive = true
}

variable "api_token" {
  type      = string
  sensitive = true
}

variable "db_host" {
  type = string
}

resource "aws_ecs_task_definition" "api" {
  family                   = "api"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 256
  memory                   = 512

  container_definitions = jsonencode([
    {
      name  = "api"
      image = "example/api:1.4.2"
      environment = [
        { name = "DB_HOST", value = var.db_host },
        { name = "DB_PASSWORD", value = var.db_password },
        { name = "DATABASE_URL", value = "postgres://api:${var.db_password}@${var.db_host}/api" },
      ]
    }
  ])
}

resource "aws_ecs_task_definition" "worker" {
  family = "worker"

  container_definitions = <<DEFINITIONS
[
  {
    "name": "worker",
    "image": "example/worker:2.0.1",
    "memory": 256,
    "environment": [
      {"name": "API_TOKEN", "value": "${var.api_token}"}
    ]
  }
]
DEFINITIONS
}
