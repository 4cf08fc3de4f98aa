# METADATA
# title: Workflow actions are pinned by commit SHA
# custom:
#   input: model
package pinned_actions

import rego.v1

# METADATA
# title: Action not pinned by commit SHA
# description: |
#   A tag or branch of an action can be moved to other code after review;
#   only a full commit SHA names the code that was reviewed.
# related_resources:
# - ref: https://docs.github.com/en/actions/security-for-github-actions/security-guides/security-hardening-for-github-actions#using-third-party-actions
# custom:
#   id: pinned-actions
#   severity: warning
#   remediation: "Pin the action to a full commit SHA and keep the tag in a comment: `uses: actions/checkout@<sha> # v4.2.2`."
deny contains result if {
	some p, j, s
	step := input.pipelines[p].jobs[j].steps[s]
	uses := step.uses
	remote(uses)
	not pinned(uses)
	result := {
		"msg": sprintf("step uses `%s`, which is not pinned to a commit SHA", [uses]),
		"path": ["pipelines", p, "jobs", j, "steps", s, "uses"],
	}
}

# A reusable workflow called by a job is code from elsewhere too.
deny contains result if {
	some p, j
	uses := input.pipelines[p].jobs[j].uses
	remote(uses)
	not pinned(uses)
	result := {
		"msg": sprintf("job calls `%s`, which is not pinned to a commit SHA", [uses]),
		"path": ["pipelines", p, "jobs", j, "uses"],
	}
}

# Local actions (`./...`) come with the commit; `docker://` images are
# another rule's business.
remote(uses) if {
	not startswith(uses, "./")
	not startswith(uses, "docker://")
}

pinned(uses) if regex.match(`@[0-9a-f]{40}$`, uses)
