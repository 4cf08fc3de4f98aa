# Fargate tasks run in their own network namespace (awsvpc); `task` shares
# the namespace among the task's containers only.
resource "aws_ecs_task_definition" "api" {
  family                   = "api"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  pid_mode                 = "task"
  ipc_mode                 = "none"
  cpu                      = 256
  memory                   = 512
  container_definitions = jsonencode([
    {
      name      = "api"
      image     = "example/api:2.1"
      essential = true
    }
  ])
}
