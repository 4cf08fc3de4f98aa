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

# A secret store's value argument holds a secret whatever it is called.
resource "github_actions_secret" "deploy" {
  repository      = "api"
  secret_name     = "DEPLOY_TOKEN"
  plaintext_value = "Tq7mZp3Kx9TbW2vRc8NdLf5HsJg4YhAe"
}
