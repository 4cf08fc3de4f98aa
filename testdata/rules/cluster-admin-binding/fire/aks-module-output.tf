module "aks" {
  source = "Azure/aks/azurerm"
}

# The cluster's id, as the AKS module hands it out.
resource "azurerm_role_assignment" "jumpbox_admin" {
  scope                = module.aks.aks_id
  role_definition_name = "Azure Kubernetes Service RBAC Cluster Admin"
  principal_id         = var.jumpbox_principal_id
}

resource "azurerm_role_assignment" "platform_admin" {
  scope                = module.platform.aks_cluster_id
  role_definition_name = "Azure Kubernetes Service RBAC Admin"
  principal_id         = var.platform_group_id
}

resource "azurerm_role_assignment" "ops_kubeconfig" {
  scope                = module.kubernetes.id
  role_definition_name = "Azure Kubernetes Service Cluster Admin Role"
  principal_id         = var.ops_group_id
}
