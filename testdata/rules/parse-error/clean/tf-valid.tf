resource "aws_s3_bucket" "logs" {
  bucket = "logs"
  tags   = { for k, v in var.tags : k => v != null ? v : "unset" }
}
