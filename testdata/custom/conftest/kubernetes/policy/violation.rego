package main

import data.kubernetes
import rego.v1

violation contains {"msg": msg, "details": {"port": port}} if {
	kubernetes.is_service
	some port in input.spec.ports
	port.port == 80
	msg := sprintf("Service %s exposes port 80: serve over TLS", [input.metadata.name])
}
