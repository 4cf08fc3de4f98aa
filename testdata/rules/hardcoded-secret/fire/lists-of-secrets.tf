# A list under a secret's name whose items are secret values, not names.
module "service" {
  source    = "./modules/service"
  secrets = ["Zq8vR2mLx9tK", "Pw7nQ2xLk4Zr"]
}
