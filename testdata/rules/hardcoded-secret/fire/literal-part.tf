# A secret-sized random literal around an interpolation is committed
# whatever the interpolation expands to.
resource "aws_db_instance" "app" {
  engine   = "postgres"
  username = "app"
  password = "Xr4-pL9q!Zt2mW${var.password_suffix}"
}
