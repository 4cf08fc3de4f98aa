resource "kubernetes_pod_v1" "api" {
  metadata {
    name = "api"
  }
  spec {
    container {
      name  = "api"
      image = "api:1.2"
      security_context {
        privileged  = var.privileged
        run_as_user = local.run_as
      }
    }
  }
}

resource "aws_db_instance" "main" {
  engine   = "postgres"
  username = "app"
  password = var.bootstrap
}

resource "aws_db_instance" "replica" {
  engine   = "postgres"
  username = "app"
  password = var.db_password
}

resource "aws_iam_policy" "ops" {
  policy = jsonencode({
    Statement = [{ Effect = "Allow", Action = local.all_actions, Resource = "*" }]
  })
}

provider "aws" {
  region = var.region
}
