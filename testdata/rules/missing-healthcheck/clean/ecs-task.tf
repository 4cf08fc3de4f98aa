resource "aws_ecs_task_definition" "worker" {
  family = "worker"
  memory = 512

  container_definitions = <<DEFS
[
  {
    "name": "worker",
    "image": "ghcr.io/example/worker:1.4.2",
    "healthCheck": {"command": ["CMD", "/worker", "health"]}
  }
]
DEFS
}
