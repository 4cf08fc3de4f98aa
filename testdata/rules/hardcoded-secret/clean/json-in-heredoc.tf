# JSON documents whose secrets are references or come from a secret store.
resource "aws_ecs_task_definition" "api" {
  family                = "api"
  container_definitions = <<DEF
[
  {
    "name": "api",
    "image": "registry.internal/api:1.4.2",
    "environment": [
      {"name": "TOKEN_URL", "value": "https://auth.internal/token"},
      {"name": "API_TOKEN", "value": "${var.api_token}"}
    ],
    "secrets": [
      {"name": "DB_PASSWORD", "valueFrom": "arn:aws:ssm:eu-west-1:123456789012:parameter/prod/db"}
    ]
  }
]
DEF
}

resource "aws_iam_policy" "read" {
  policy = <<EOT
{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "secretsmanager:GetSecretValue", "Resource": "*"}]}
EOT
}
