package main

has_key(obj, key) {
	obj[key]
}

deny[msg] {
	some listener
	protocol := input.resource.aws_alb_listener[listener].protocol
	protocol == "HTTP"
	msg = sprintf("ALB `%v` is using HTTP rather than HTTPS", [listener])
}

deny[msg] {
	some rule_name
	rule := input.resource.aws_security_group_rule[rule_name]
	rule.type == "ingress"
	contains(rule.cidr_blocks[_], "0.0.0.0/0")
	msg = sprintf("ASG `%v` defines a fully open ingress", [rule_name])
}

deny[msg] {
	some disk_name
	disk := input.resource.azurerm_managed_disk[disk_name]
	has_key(disk, "encryption_settings")
	disk.encryption_settings.enabled != true
	msg = sprintf("Azure disk `%v` is not encrypted", [disk_name])
}
