# A literal passed through a function is still the value: a fallback of
# coalesce, a variable rendered by templatefile.
resource "aws_db_instance" "app" {
  engine   = "postgres"
  username = "app"
  password = coalesce(var.db_password, "Xr4-pL9q!Zt2mW")
}

resource "aws_instance" "worker" {
  ami           = "ami-0abcdef1234567890"
  instance_type = "t3.small"
  user_data = templatefile("${path.module}/init.sh.tpl", {
    region      = "eu-west-1"
    api_token   = "Tq7mZp3Kx9TbW2vRc8NdLf5HsJg4YhAe"
  })
}
