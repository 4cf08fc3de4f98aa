# Interpolations around short or readable literals.
resource "aws_db_instance" "app" {
  engine   = "postgres"
  username = "app"
  password = "${var.password_prefix}-${random_password.db.result}"
}

resource "aws_ssm_parameter" "token" {
  name  = "/prod/api/token"
  type  = "SecureString"
  value = "Bearer ${var.api_token}"
}

locals {
  secret_name = "${var.environment}-database-credentials"
}
