package commands

import rego.v1

blocked_commands := ["apk", "apt", "pip", "curl", "wget"]

deny contains msg if {
	some i
	input[i].Cmd == "run"
	command := input[i].Value
	contains(command[_], blocked_commands[_])
	msg := sprintf("unallowed commands found %s", [command])
}
