variable "db_username" {
  type    = string
  default = "shop"
}

resource "aws_db_instance" "shop" {
  identifier          = "shop"
  engine              = "postgres"
  instance_class      = "db.t4g.micro"
  allocated_storage   = 20
  username            = var.db_username
  password            = "Sup3rS3cretPassw0rd!"
  skip_final_snapshot = true
}
