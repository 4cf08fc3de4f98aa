# Container definitions built in locals, as modules build them.
variable "db_password" {
  type      = string
  sensitive = true
}

locals {
  api_environment = [
    { name = "DB_HOST", value = "db.internal" },
    { name = "DB_PASSWORD", value = var.db_password },
  ]

  containers = [
    {
      name        = "api"
      image       = "example/api:1.4.2"
      memory      = 512
      environment = local.api_environment
    },
    {
      name   = "worker"
      image  = "example/worker:1.4.2"
      memory = 256
      environment = [
        { name = "QUEUE_URL", value = aws_sqs_queue.jobs.url },
        { name = "API_TOKEN", value = random_password.api_token.result },
      ]
    },
  ]
}

resource "aws_ecs_task_definition" "api" {
  family                = "api"
  container_definitions = jsonencode(local.containers)
}
