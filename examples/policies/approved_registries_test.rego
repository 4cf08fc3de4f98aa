package approved_registries

import rego.v1

test_unapproved_registry_is_denied if {
	results := deny with input as {"containers": [{"object": "Deployment/api container web", "image": "docker.io/library/nginx:1.27"}]}
	count(results) == 1
}

test_approved_registry_is_allowed if {
	count(deny) == 0 with input as {"containers": [{"object": "Deployment/api container web", "image": "ghcr.io/acme/api:1.4.2"}]}
}

test_scratch_is_allowed if {
	count(deny) == 0 with input as {"containers": [{"object": "Dockerfile", "image": "scratch"}]}
}
