variable "privileged" {
  type    = bool
  default = true
}

# Its name does not say secret: the finding is where it is used as a password.
variable "bootstrap" {
  type    = string
  default = "Zq8-hunter2-Lx4"
}

# Its name says secret: reported here, where it is written, and not again where it is used.
variable "db_password" {
  type    = string
  default = "S3cure-Pa55w0rd-9"
}

variable "region" {
  type = string
}
