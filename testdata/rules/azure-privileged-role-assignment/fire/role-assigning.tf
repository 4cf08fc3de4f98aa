resource "azurerm_role_assignment" "pipeline_rbac_admin" {
  scope                = data.azurerm_subscription.current.id
  role_definition_name = "Role Based Access Control Administrator"
  principal_id         = azuread_service_principal.pipeline.object_id
}

resource "azurerm_role_assignment" "by_id" {
  scope              = azurerm_resource_group.app.id
  role_definition_id = "/providers/Microsoft.Authorization/roleDefinitions/f58310d9-a9f6-439a-9e8d-f62e7b41a168"
  principal_id       = azuread_service_principal.pipeline.object_id
}

# The condition lets it assign Owner, so it can still grant itself anything.
resource "azurerm_role_assignment" "delegate_owner_too" {
  scope                = data.azurerm_subscription.current.id
  role_definition_name = "User Access Administrator"
  principal_id         = azuread_group.platform.object_id
  condition_version    = "2.0"
  condition            = <<-EOT
    (
     (
      !(ActionMatches{'Microsoft.Authorization/roleAssignments/write'})
     )
     OR
     (
      @Request[Microsoft.Authorization/roleAssignments:RoleDefinitionId] ForAnyOfAnyValues:GuidEquals {8E3AF657-A8FF-443C-A75C-2FE8C4BCB635, 4633458b-17de-408a-b874-0445c86b69e6}
     )
    )
  EOT
}

# A condition on the principal type limits nothing about which roles.
resource "azurerm_role_assignment" "service_principals_only" {
  scope                = data.azurerm_subscription.current.id
  role_definition_name = "Role Based Access Control Administrator"
  principal_id         = azuread_group.platform.object_id
  condition_version    = "2.0"
  condition            = "((!(ActionMatches{'Microsoft.Authorization/roleAssignments/write'})) OR (@Request[Microsoft.Authorization/roleAssignments:PrincipalType] ForAnyOfAnyValues:StringEqualsIgnoreCase {'ServicePrincipal'}))"
}
