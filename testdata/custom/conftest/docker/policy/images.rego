package main

blocked_images = ["openjdk"]

deny[msg] {
	some i
	input[i].Cmd == "from"
	image := input[i].Value[0]
	contains(image, blocked_images[_])
	msg = sprintf("unallowed image found %s", [input[i].Value])
}
