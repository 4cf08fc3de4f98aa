# Lists of the names of secrets and of roles, not of their values.
module "service" {
  source  = "./modules/service"
  secrets = ["env_key", "db_password"]
  auth    = ["admin", "viewer"]
}
