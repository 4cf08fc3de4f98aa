# Provisioners that read their credentials from variables, and boot
# documents that are not shell scripts.
resource "null_resource" "notify" {
  provisioner "local-exec" {
    command = "curl -u deploy:$DEPLOY_TOKEN -X POST https://deploy.internal/hook"
    environment = {
      DEPLOY_TOKEN = var.deploy_token
    }
  }

  provisioner "local-exec" {
    interpreter = ["PowerShell", "-Command"]
    command     = "Write-Host 'token: set'"
  }
}

resource "aws_instance" "windows" {
  ami           = "ami-0abcdef1234567890"
  instance_type = "t3.medium"
  user_data     = <<-EOT
    <powershell>
    $password = (Get-SSMParameter -Name /prod/admin -WithDecryption $true).Value
    </powershell>
  EOT
}
