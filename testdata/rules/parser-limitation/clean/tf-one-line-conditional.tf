locals {
  users = {
    for k, v in var.users : k => v.type == "BUILT_IN" ? { name = k, password = v.password } : { name = k, password = null }
  }
}
