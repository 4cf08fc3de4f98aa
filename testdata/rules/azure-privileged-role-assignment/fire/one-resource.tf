# Owner of one key vault can still give it to anyone: a warning.
resource "azurerm_role_assignment" "vault_owner" {
  scope                = azurerm_key_vault.main.id
  role_definition_name = "Owner"
  principal_id         = azurerm_user_assigned_identity.app.principal_id
}

resource "azurerm_role_assignment" "account_access_admin" {
  scope                = "/subscriptions/${var.subscription_id}/resourceGroups/app/providers/Microsoft.Storage/storageAccounts/appdata"
  role_definition_name = "User Access Administrator"
  principal_id         = var.ops_group_id
}

# A resource group holds many resources: judged as before.
resource "azurerm_role_assignment" "group_contributor" {
  scope                = "/subscriptions/${var.subscription_id}/resourceGroups/app"
  role_definition_name = "Contributor"
  principal_id         = var.ops_group_id
}

resource "azurerm_role_assignment" "subscription_contributor" {
  scope                = "/subscriptions/${data.azurerm_client_config.current.subscription_id}"
  role_definition_name = "Contributor"
  principal_id         = var.ci_principal_id
}
