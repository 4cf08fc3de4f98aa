# The key material imported into an external KMS key is the key itself.
resource "aws_kms_external_key" "imported" {
  description         = "imported key"
  key_material_base64 = "q3Zf0PmV1nR8c2XyT5uWbE7aLkJ9dH4sG6iO1pQwErt="
}
