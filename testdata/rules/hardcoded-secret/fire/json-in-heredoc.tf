# A JSON document written in a heredoc is read as the object it encodes:
# the ECS environment entry names its value, and so does the Vault key.
resource "aws_ecs_task_definition" "api" {
  family                = "api"
  container_definitions = <<DEF
[
  {
    "name": "api",
    "image": "registry.internal/api:1.4.2",
    "environment": [
      {"name": "LOG_LEVEL", "value": "info"},
      {"name": "API_TOKEN", "value": "Tq7mZp3Kx9TbW2vRc8NdLf5HsJg4YhAe"}
    ]
  }
]
DEF
}

resource "vault_generic_secret" "app" {
  path      = "secret/app"
  data_json = <<-EOT
    {
      "username": "app",
      "password": "Vb9wLz-Hx7kq2T"
    }
  EOT
}
