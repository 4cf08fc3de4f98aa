locals {
  run_as      = 0
  all_actions = "*"
}
