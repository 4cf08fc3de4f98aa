# A computed container name is shown as written, not as `?`.
resource "aws_ecs_task_definition" "web" {
  family = "web"
  container_definitions = jsonencode([
    {
      name  = "${local.airflow_container_name}"
      image = "apache/airflow:2.9.0"
    }
  ])
}
