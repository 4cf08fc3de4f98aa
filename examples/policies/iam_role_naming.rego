# Written for conftest: `input` is a Terraform file as conftest's hcl2
# parser shapes it (`input.resource.<type>.<name>`).
package main

import rego.v1

# METADATA
# title: IAM role name outside the naming scheme
# description: |
#   Role names say which team owns them and what they are for
#   (`<team>-<purpose>-role`), so that audits and boundaries can select them.
# custom:
#   id: iam-role-naming
#   severity: warning
#   remediation: Rename the role to `<team>-<purpose>-role`, lower case.
deny_iam_role_name contains result if {
	some name
	role := input.resource.aws_iam_role[name]
	not regex.match(`^[a-z][a-z0-9]*-[a-z0-9-]+-role$`, role.name)
	result := {
		"msg": sprintf("aws_iam_role.%s is named `%v`, outside the `<team>-<purpose>-role` scheme", [name, role.name]),
		"path": ["resource", "aws_iam_role", name, "name"],
	}
}
