resource "azurerm_role_assignment" "reader" {
  scope                = data.azurerm_subscription.primary.id
  role_definition_name = "Reader"
  principal_id         = azuread_group.audit.object_id
}

# A data-plane role whose name merely contains "Owner".
resource "azurerm_role_assignment" "blobs" {
  scope                = azurerm_storage_account.data.id
  role_definition_name = "Storage Blob Data Owner"
  principal_id         = azuread_service_principal.app.object_id
}

resource "azurerm_role_assignment" "input" {
  scope                = azurerm_resource_group.app.id
  role_definition_name = var.role
  principal_id         = azuread_service_principal.app.object_id
}
