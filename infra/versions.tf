terraform {
  required_version = ">= 1.5.0"

  required_providers {
    aws = {
      source = "hashicorp/aws"
      # 6.28.0 added invoked_via_function_url to aws_lambda_permission: the second statement a public Function URL
      # needs since October 2025. aws_lambda_invocation has had lifecycle_scope = "CRUD" since 5.x.
      version = "~> 6.28"
    }
  }
}
