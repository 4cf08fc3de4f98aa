# Contributor on the one resource an identity manages is the narrow grant.
resource "azurerm_role_assignment" "registry" {
  scope                = azurerm_container_registry.main.id
  role_definition_name = "Contributor"
  principal_id         = azurerm_user_assigned_identity.ci.principal_id
}

resource "azurerm_role_assignment" "account" {
  scope                = "/subscriptions/${var.subscription_id}/resourceGroups/app/providers/Microsoft.Storage/storageAccounts/appdata"
  role_definition_name = "Contributor"
  principal_id         = var.app_principal_id
}
