# A script in a heredoc: its assignments are settings too, even in a
# template whose other lines interpolate variables.
resource "aws_instance" "worker" {
  ami           = "ami-0abcdef1234567890"
  instance_type = "t3.small"
  user_data     = <<-EOF
    #!/bin/bash
    echo "region=${var.region}" > /etc/worker.env
    export API_KEY="Tq7mZp3Kx9TbW2vRc8NdLf5HsJg4YhAe"
    ./start-worker
  EOF
}
