# A script that fetches its secrets when it runs, and a cloud-config with a
# password hash.
resource "aws_instance" "worker" {
  ami           = "ami-0abcdef1234567890"
  instance_type = "t3.small"
  user_data     = <<-EOF
    #!/bin/bash
    DB_PASSWORD=$(aws secretsmanager get-secret-value --secret-id prod/db --query SecretString --output text)
    export API_TOKEN="${var.api_token}"
    if [ "$DB_PASSWORD" != "" ]; then systemctl start worker; fi
  EOF
}

resource "aws_instance" "bastion" {
  ami           = "ami-0abcdef1234567890"
  instance_type = "t3.micro"
  user_data     = <<-EOF
    #cloud-config
    users:
      - name: ops
        passwd: "$6$rounds=4096$saltsalt$3xNqJGtPqX0FzRk3Tj7Xf0yJ2k5uV8Q9wP4LmNbC1dE"
  EOF
}
