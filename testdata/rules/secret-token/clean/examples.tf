# AWS's documented example keys can never authenticate.
provider "aws" {
  region     = "us-east-1"
  access_key = "AKIAIOSFODNN7EXAMPLE"
  secret_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
}

variable "github_token" {
  description = "A token like ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
  type        = string
  sensitive   = true
}

locals {
  stripe = "sk_live_${var.stripe_suffix}"
  url    = "https://${var.user}:${var.password}@git.internal.example.com/repo.git"
  commit = "0123456789abcdef0123456789abcdef01234567"
}
