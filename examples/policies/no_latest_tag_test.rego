package no_latest_tag

import rego.v1

container(image) := {"containers": [{"object": "Deployment/api container web", "image": image}]}

test_latest_is_denied if {
	count(deny) == 1 with input as container("nginx:latest")
}

test_no_tag_is_denied if {
	count(deny) == 1 with input as container("registry.acme.example:5000/team/api")
}

test_version_tag_is_allowed if {
	count(deny) == 0 with input as container("registry.acme.example:5000/team/api:1.2.3")
}

test_digest_is_allowed if {
	count(deny) == 0 with input as container("nginx@sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31")
}
