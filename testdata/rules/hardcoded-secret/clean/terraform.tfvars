# Names that are not secrets, and secret-like names with placeholders or
# references to where the secret is kept.
region               = "eu-west-1"
password_min_length  = 14
db_password          = ""
api_token            = "<set with TF_VAR_api_token>"
db_password_arn      = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:db-AbCdEf"
secret_name          = "prod/db/password"
ssh_public_key_path  = "~/.ssh/id_ed25519.pub"
allowed_cidrs        = ["10.0.0.0/8"]
