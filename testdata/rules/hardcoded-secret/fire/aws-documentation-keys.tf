# AWS's documented example keys cannot authenticate, but a provider given
# literal keys is the mistake itself: the next commit writes working ones.
provider "aws" {
  region     = "us-east-1"
  access_key = "AKIAIOSFODNN7EXAMPLE"
  secret_key = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
}
