# An ECS task in the host's process and network namespaces: every container of it.
resource "aws_ecs_task_definition" "agent" {
  family       = "agent"
  pid_mode     = "host"
  ipc_mode     = "task"
  network_mode = "host"
  container_definitions = jsonencode([
    {
      name      = "agent"
      image     = "datadog/agent:7"
      essential = true
      memory    = 256
    }
  ])
}
