# JSON written in a quoted HCL string, its quotes escaped: the token is a
# part of the string, so the fix interpolates the variable into it.
resource "aws_ecs_task_definition" "worker" {
  family                = "worker"
  container_definitions = "[{\"name\": \"worker\", \"image\": \"registry.internal/worker:2.1.0\", \"environment\": [{\"name\": \"QUEUE_TOKEN\", \"value\": \"Lp4xW9qZt2RvB7nKc3MhJd8s\"}]}]"
}
