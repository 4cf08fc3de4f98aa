# The example key quoted where no credential goes: documentation, not a
# credential.
variable "access_key_id" {
  description = "An access key id, such as AKIAIOSFODNN7EXAMPLE"
  type        = string
}

locals {
  example_access_key_id = "AKIAIOSFODNN7EXAMPLE"
}
