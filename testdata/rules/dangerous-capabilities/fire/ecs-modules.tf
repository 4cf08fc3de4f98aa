# Capabilities added through a module container's Linux parameters.
module "ecs" {
  source = "terraform-aws-modules/ecs/aws"

  cluster_name = "shop"
  services = {
    vpn = {
      container_definitions = {
        vpn = {
          image            = "registry.example.com/vpn:1.0.0"
          linux_parameters = { capabilities = { add = ["SYS_ADMIN"] } }
        }
      }
    }
  }
}
