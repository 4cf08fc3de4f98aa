# METADATA
# title: Images come from approved registries
# custom:
#   input: model
package approved_registries

import rego.v1

# The registries images may be pulled from. A team lists its own here (or
# passes them as data).
approved := {"ghcr.io/acme/", "registry.acme.example/", "cgr.dev/chainguard/"}

# METADATA
# title: Image from an unapproved registry
# description: |
#   Images are pulled only from registries the platform team mirrors and
#   scans; anything else bypasses the scan and the mirror.
# custom:
#   id: approved-registries
#   severity: error
#   remediation: Push the image to an approved registry and reference it there.
deny contains result if {
	some i
	container := input.containers[i]
	image := container.image
	not from_approved(image)
	result := {
		"msg": sprintf("%s pulls `%s`, which is not from an approved registry", [container.object, image]),
		"path": ["containers", i, "image"],
	}
}

from_approved(image) if {
	some prefix in approved
	startswith(image, prefix)
}

# A build stage's base (`FROM builder`) and `scratch` pull nothing.
from_approved(image) if image == "scratch"
