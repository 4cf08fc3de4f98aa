provider "datadog" {
  api_key = "9b1c5e7a3f2d4c6b8a0e1f3d5c7b9a2e"
}

variable "db_password" {
  type    = string
  default = "changeme"
}

resource "aws_db_instance" "app" {
  engine   = "postgres"
  username = "app"
  password = "Xr4-pL9q!Zt2mW"
}
