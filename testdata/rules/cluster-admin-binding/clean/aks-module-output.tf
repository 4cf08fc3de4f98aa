module "aks" {
  source = "Azure/aks/azurerm"
}

# A namespace of the cluster the module makes.
resource "azurerm_role_assignment" "team" {
  scope                = "${module.aks.aks_id}/namespaces/team-a"
  role_definition_name = "Azure Kubernetes Service RBAC Admin"
  principal_id         = var.team_group_id
}

# Module outputs whose names do not say what they are: not judged.
resource "azurerm_role_assignment" "landing_zone" {
  scope                = module.landing_zone.id
  role_definition_name = "Azure Kubernetes Service RBAC Cluster Admin"
  principal_id         = var.platform_principal_id
}

resource "azurerm_role_assignment" "scoped" {
  scope                = module.access.scope_id
  role_definition_name = "Azure Kubernetes Service RBAC Admin"
  principal_id         = var.team_group_id
}
