# Owner of the cluster: fetches its admin kubeconfig, `cluster-admin`.
resource "azurerm_role_assignment" "platform_owner" {
  scope                = azurerm_kubernetes_cluster.main.id
  role_definition_name = "Owner"
  principal_id         = var.platform_group_id
}

# Contributor by its definition id, on the cluster's ARM id.
resource "azurerm_role_assignment" "pipeline" {
  scope              = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/aks-prod"
  role_definition_id = "/providers/Microsoft.Authorization/roleDefinitions/b24988ac-6180-42a0-ab88-20f7382dd24c"
  principal_id       = azurerm_user_assigned_identity.pipeline.principal_id
}

# Contributor on the cluster a module makes.
resource "azurerm_role_assignment" "deployer" {
  scope                = module.aks.aks_id
  role_definition_name = "Contributor"
  principal_id         = data.azurerm_client_config.current.object_id
}
