# ECS container definitions, as jsonencode and as a JSON heredoc: `user`
# root, uid 0 with a group or as a number, and a variable whose default is
# root.
variable "sidecar_user" {
  default = "root"
}

resource "aws_ecs_task_definition" "api" {
  family = "api"
  container_definitions = jsonencode([
    {
      name  = "api"
      image = "api:1"
      user  = "root"
    },
    {
      name  = "sidecar"
      image = "side:1"
      user  = var.sidecar_user
    },
    {
      name  = "agent"
      image = "agent:1"
      user  = 0
    },
  ])
}

resource "aws_ecs_task_definition" "worker" {
  family                = "worker"
  container_definitions = <<-JSON
    [{"name": "worker", "image": "worker:1", "user": "0:1000"}]
  JSON
}
