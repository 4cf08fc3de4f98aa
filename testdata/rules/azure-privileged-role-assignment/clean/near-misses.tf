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

data "azurerm_role_definition" "reader" {
  name = "Reader"
}

resource "azurerm_role_assignment" "looked_up_reader" {
  scope              = azurerm_resource_group.app.id
  role_definition_id = data.azurerm_role_definition.reader.id
  principal_id       = var.principal_id
}

# A custom role that lists what it needs.
resource "azurerm_role_definition" "restarter" {
  name  = "vm-restarter"
  scope = data.azurerm_subscription.primary.id
  permissions {
    actions     = ["Microsoft.Compute/virtualMachines/read", "Microsoft.Compute/virtualMachines/restart/action", "Microsoft.Authorization/*/read"]
    not_actions = ["Microsoft.Authorization/*/Delete"]
  }
  assignable_scopes = [data.azurerm_subscription.primary.id]
}
