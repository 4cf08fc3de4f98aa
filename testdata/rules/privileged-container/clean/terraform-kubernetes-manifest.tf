# Unknown is not guilty: a variable's value is not read as true.
resource "kubernetes_manifest" "agent" {
  manifest = {
    apiVersion = "v1"
    kind       = "Pod"
    metadata   = { name = "agent" }
    spec = {
      containers = [{
        name            = "agent"
        image           = "agent:1"
        securityContext = { privileged = var.privileged }
      }]
    }
  }
}
