region = "eu-west-1"
tags = {
  team = "ops"
