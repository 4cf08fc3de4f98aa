# Commands in provisioners and shell boot scripts are read as commands.
resource "null_resource" "notify" {
  provisioner "local-exec" {
    command = "curl -u deploy:Zt9Kq2Lm8Vx -X POST https://deploy.internal/hook"
  }

  provisioner "remote-exec" {
    inline = [
      "sudo apt-get update",
      "mysql -u root -pQm7vR2xLp9Tz -e 'create database app'",
    ]
  }
}

resource "google_compute_instance" "runner" {
  name         = "runner"
  machine_type = "e2-small"
  zone         = "europe-west1-b"
  metadata = {
    startup-script = <<-EOT
      #!/bin/bash
      export RUNNER_TOKEN=Pz4Kq8Wm2Lt6Vx9Rb3Nc7Hd5Jg1YeAs
      ./register.sh
    EOT
  }
}
