package main

import data.kubernetes
import rego.v1

warn contains msg if {
	kubernetes.is_service
	input.spec.type == "LoadBalancer"
	msg := sprintf("Service %s is of type LoadBalancer", [input.metadata.name])
}
