# Written for conftest: `input` is one Kubernetes object as YAML gives it.
package main

import rego.v1

required_labels := {"app.kubernetes.io/name", "owner"}

workload_kinds := {"Deployment", "StatefulSet", "DaemonSet", "Job", "CronJob"}

# METADATA
# title: Workload without the required labels
# description: |
#   Cost reports, alert routing and ownership lookups select workloads by
#   these labels; an unlabelled workload belongs to no one.
# custom:
#   id: required-labels
#   remediation: Add the missing labels under `metadata.labels`.
deny_missing_labels contains result if {
	input.kind in workload_kinds
	provided := {label | some label, _ in object.get(input.metadata, "labels", {})}
	missing := required_labels - provided
	count(missing) > 0
	result := {
		"msg": sprintf("%s/%s lacks the labels %v", [input.kind, input.metadata.name, sort(missing)]),
		"path": ["metadata"],
	}
}
