package main

import rego.v1

test_unlabelled_deployment_is_denied if {
	deny_missing_labels with input as {"kind": "Deployment", "metadata": {"name": "api"}}
}

test_labelled_deployment_is_allowed if {
	count(deny_missing_labels) == 0 with input as {"kind": "Deployment", "metadata": {"name": "api", "labels": {"app.kubernetes.io/name": "api", "owner": "payments"}}}
}

test_services_need_no_labels if {
	count(deny_missing_labels) == 0 with input as {"kind": "Service", "metadata": {"name": "api"}}
}

test_labels_read_from_a_manifest if {
	manifest := parse_config("yaml", "kind: Deployment\nmetadata:\n  name: api\n  labels:\n    owner: payments\n")
	results := deny_missing_labels with input as manifest
	count(results) == 1
}
