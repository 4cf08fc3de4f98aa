# The deploy workflow's identity, cluster-admin of the cluster.
resource "azurerm_role_assignment" "github_aks_admin" {
  scope                = azurerm_kubernetes_cluster.main.id
  role_definition_name = "Azure Kubernetes Service RBAC Cluster Admin"
  principal_id         = azurerm_user_assigned_identity.github.principal_id
}

resource "azurerm_role_assignment" "kubeconfig" {
  scope                = azurerm_resource_group.aks.id
  role_definition_name = "Azure Kubernetes Service Cluster Admin Role"
  principal_id         = var.ops_group_id
}

resource "azurerm_role_assignment" "by_id" {
  scope              = "/subscriptions/00000000-0000-0000-0000-000000000000"
  role_definition_id = "/providers/Microsoft.Authorization/roleDefinitions/b1ff04bb-8a4e-4dc4-8eb5-8693973ce19b"
  principal_id       = var.platform_principal_id
}

# `admin` in every namespace of the cluster: a warning.
resource "azurerm_role_assignment" "team_admin" {
  scope                = azurerm_kubernetes_cluster.main.id
  role_definition_name = "Azure Kubernetes Service RBAC Admin"
  principal_id         = var.team_group_id
}

# `edit` in every namespace of the cluster: a warning.
resource "azurerm_role_assignment" "deployer" {
  scope                = azurerm_kubernetes_cluster.main.id
  role_definition_name = "Azure Kubernetes Service RBAC Writer"
  principal_id         = azurerm_user_assigned_identity.github.principal_id
}
