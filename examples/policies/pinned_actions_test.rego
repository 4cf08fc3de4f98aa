package pinned_actions

import rego.v1

steps(uses) := {"pipelines": [{"jobs": [{"steps": [{"uses": uses}]}]}]}

test_tag_is_denied if {
	count(deny) == 1 with input as steps("actions/checkout@v4")
}

test_sha_is_allowed if {
	count(deny) == 0 with input as steps("actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683")
}

test_local_action_is_allowed if {
	count(deny) == 0 with input as steps("./.github/actions/setup")
}

test_reusable_workflow_by_branch_is_denied if {
	count(deny) == 1 with input as {"pipelines": [{"jobs": [{"uses": "acme/ci/.github/workflows/build.yml@main", "steps": []}]}]}
}
