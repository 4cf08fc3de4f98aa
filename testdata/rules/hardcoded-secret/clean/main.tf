variable "db_password" {
  type      = string
  sensitive = true
}

variable "password_length" {
  default = 12
}

resource "random_password" "db" {
  length = var.password_length
}

resource "aws_db_instance" "app" {
  engine                      = "postgres"
  username                    = "app"
  password                    = random_password.db.result
  manage_master_user_password = false
}

resource "aws_secretsmanager_secret" "db" {
  name = "prod/db-password"
}

resource "aws_iam_user_login_profile" "ops" {
  user    = "ops"
  pgp_key = "keybase:ops"
}

locals {
  token_ttl           = "3600"
  db_secret_arn       = "arn:aws:secretsmanager:eu-west-1:111122223333:secret:prod/db-AbCdEf"
  api_key_secret_name = "prod-payments-api-key"
  admin_password      = "${var.db_password}"
}

resource "github_actions_secret" "deploy" {
  repository      = "api"
  secret_name     = "DEPLOY_TOKEN"
  plaintext_value = random_password.deploy.result
}
