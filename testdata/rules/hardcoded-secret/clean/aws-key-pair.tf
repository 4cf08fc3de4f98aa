# A provider block with an access key pair pasted in: the secret key is a
# known-format token, which `secret-token` reports (one problem, one finding).
provider "aws" {
  region     = "eu-west-1"
  access_key = "AKIAFHZDCDORVIJ47FIA"
  secret_key = "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"
}
