resource "aws_db_instance" "app" {
  engine   = "postgres"
  username = "app"
  password = coalesce(var.db_password, random_password.db.result)
}

resource "aws_instance" "worker" {
  ami           = "ami-0abcdef1234567890"
  instance_type = "t3.small"
  user_data = templatefile("${path.module}/init.sh.tpl", {
    region    = "eu-west-1"
    api_token = data.aws_secretsmanager_secret_version.api.secret_string
  })
}
