# METADATA
# title: Images are pinned to a version
# custom:
#   input: model
package no_latest_tag

import rego.v1

# METADATA
# title: Image without a pinned tag
# description: |
#   `latest`, or no tag at all, is whatever was pushed last: the same
#   configuration runs different code from one pull to the next.
# custom:
#   id: no-latest-tag
#   severity: warning
#   remediation: Pin a version tag (`nginx:1.27.3`) or a digest (`@sha256:...`).
deny contains result if {
	some i
	container := input.containers[i]
	image := container.image
	unpinned(image)
	result := {
		"msg": sprintf("%s runs `%s`, which is not pinned to a version", [container.object, image]),
		"path": ["containers", i, "image"],
	}
}

unpinned(image) if endswith(image, ":latest")

unpinned(image) if {
	not contains(image, "@")
	not tagged(image)
	image != "scratch"
}

# A tag is a colon after the last slash (a registry's port is before it).
tagged(image) if {
	parts := split(image, "/")
	contains(parts[count(parts) - 1], ":")
}
