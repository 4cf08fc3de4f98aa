package main

import rego.v1

test_unscheme_name_is_denied if {
	config := parse_config("hcl2", `resource "aws_iam_role" "ci" { name = "CIRole" }`)
	count(deny_iam_role_name) == 1 with input as config
}

test_scheme_name_is_allowed if {
	config := parse_config("hcl2", `resource "aws_iam_role" "ci" { name = "platform-ci-deploy-role" }`)
	count(deny_iam_role_name) == 0 with input as config
}
