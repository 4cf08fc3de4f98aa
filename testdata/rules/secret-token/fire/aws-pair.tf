# A provider block with an access key pair pasted in.
provider "aws" {
  region     = "eu-west-1"
  access_key = "AKIAFHZDCDORVIJ47FIA"
  secret_key = "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"
}
