# Contributor on one other resource: the usual way to let an identity manage it.
resource "azurerm_role_assignment" "ingress" {
  scope                = azurerm_application_gateway.main.id
  role_definition_name = "Contributor"
  principal_id         = azurerm_user_assigned_identity.ingress.principal_id
}

# On the resource group: azure-privileged-role-assignment's, not this rule's.
resource "azurerm_role_assignment" "platform" {
  scope                = azurerm_resource_group.aks.id
  role_definition_name = "Contributor"
  principal_id         = var.platform_group_id
}

# The kubelet's identity may join the cluster's subnet.
resource "azurerm_role_assignment" "network" {
  scope                = azurerm_subnet.aks.id
  role_definition_name = "Network Contributor"
  principal_id         = azurerm_kubernetes_cluster.main.identity[0].principal_id
}

# Scoped to one namespace by its ARM id: what Microsoft recommends.
resource "azurerm_role_assignment" "team" {
  scope                = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-aks/providers/Microsoft.ContainerService/managedClusters/aks-prod/namespaces/team-a"
  role_definition_name = "Azure Kubernetes Service RBAC Writer"
  principal_id         = var.team_group_id
}
