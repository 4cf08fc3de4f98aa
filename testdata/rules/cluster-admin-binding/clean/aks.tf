# Scoped to one namespace.
resource "azurerm_role_assignment" "team_admin" {
  scope                = "${azurerm_kubernetes_cluster.main.id}/namespaces/team-a"
  role_definition_name = "Azure Kubernetes Service RBAC Admin"
  principal_id         = var.team_group_id
}

resource "azurerm_role_assignment" "deployer" {
  scope                = "${azurerm_kubernetes_cluster.main.id}/namespaces/apps"
  role_definition_name = "Azure Kubernetes Service RBAC Writer"
  principal_id         = azurerm_user_assigned_identity.github.principal_id
}

# Reads, Secrets excepted.
resource "azurerm_role_assignment" "auditors" {
  scope                = azurerm_kubernetes_cluster.main.id
  role_definition_name = "Azure Kubernetes Service RBAC Reader"
  principal_id         = var.auditors_group_id
}

# Fetches a user kubeconfig; Kubernetes RBAC decides the rest.
resource "azurerm_role_assignment" "users" {
  scope                = azurerm_kubernetes_cluster.main.id
  role_definition_name = "Azure Kubernetes Service Cluster User Role"
  principal_id         = var.developers_group_id
}

# A scope a variable holds is not judged.
resource "azurerm_role_assignment" "unknown" {
  scope                = var.aks_scope
  role_definition_name = "Azure Kubernetes Service RBAC Cluster Admin"
  principal_id         = var.platform_principal_id
}
