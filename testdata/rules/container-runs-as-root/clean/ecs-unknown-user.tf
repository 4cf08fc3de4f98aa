# An ECS container without `user` runs as its image says, which is not
# judged; a user this module cannot resolve is no worse.
resource "aws_ecs_task_definition" "api" {
  family = "api"
  container_definitions = jsonencode([
    {
      name  = "api"
      image = "api:1"
      user  = "${var.uid}:${var.gid}"
    },
    {
      name  = "worker"
      image = "worker:1"
      user  = var.worker_user
    },
  ])
}
