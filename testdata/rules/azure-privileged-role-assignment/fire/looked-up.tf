# Roles looked up by name or built-in id, then assigned by reference.
data "azurerm_role_definition" "owner" {
  name  = "Owner"
  scope = data.azurerm_subscription.primary.id
}

data "azurerm_role_definition" "contributor" {
  role_definition_id = "b24988ac-6180-42a0-ab88-20f7382dd24c"
}

resource "azurerm_role_assignment" "ci_owner" {
  scope              = data.azurerm_subscription.primary.id
  role_definition_id = data.azurerm_role_definition.owner.id
  principal_id       = azurerm_user_assigned_identity.ci.principal_id
}

resource "azurerm_role_assignment" "app_contributor" {
  scope              = azurerm_resource_group.app.id
  role_definition_id = data.azurerm_role_definition.contributor.id
  principal_id       = azurerm_user_assigned_identity.app.principal_id
}
