# Module inputs that are no IAM statements (load balancer listener actions),
# and a statement scoped to named resources.
module "alb" {
  source = "terraform-aws-modules/alb/aws"

  listeners = {
    http = {
      port     = 80
      protocol = "HTTP"
      actions  = ["forward"]
    }
  }
}

module "reader" {
  source = "terraform-aws-modules/iam/aws//modules/iam-role"
  name   = "reader"

  inline_policy_permissions = {
    Write = {
      actions   = ["s3:PutObject"]
      resources = ["arn:aws:s3:::example-bucket/*"]
    }
  }
}
