variable "privileged" {
  type    = bool
  default = false
}

variable "run_as" {
  type    = number
  default = 1000
}

# Its name does not say secret, but the module says so.
variable "seed" {
  type      = string
  sensitive = true
}

# Hidden from plan output, but a user name all the same.
variable "admin_username" {
  type      = string
  sensitive = true
}

variable "db_admin" {
  type      = string
  sensitive = true
}
