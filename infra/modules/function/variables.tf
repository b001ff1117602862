variable "stack" {
  description = "What every function of the stage shares"
  type = object({
    prefix             = string # cosell-<stage>
    architecture       = string
    snap_start         = string # PublishedVersions or None
    log_retention_days = number
    alarm_topic_arn    = string
  })
}

variable "name" {
  description = "The function's name after cosell-<stage>-, also its module under functions/"
  type        = string
}

variable "description" {
  type = string
}

variable "zip_file" {
  description = "The Maven-built function.zip"
  type        = string
}

variable "handler" {
  type    = string
  default = "io.quarkus.funqy.lambda.FunqyStreamHandler::handleRequest"
}

variable "memory_size" {
  description = "MB"
  type        = number
}

variable "timeout" {
  description = "Seconds"
  type        = number
}

variable "layers" {
  type    = list(string)
  default = []
}

variable "environment" {
  description = "Exactly the settings the function's code reads"
  type        = map(string)
}

variable "policy_statements" {
  description = "The AWS calls the function's code makes (writing its own log group is granted by the module)"
  type = list(object({
    sid       = string
    actions   = list(string)
    resources = list(string)
  }))
  default = []
}

variable "errors_alarm" {
  description = "An alarm when the function's invocations fail (AWS/Lambda Errors > 0); null for none"
  type = object({
    description        = string
    period             = number
    evaluation_periods = number
  })
  default = null
}

variable "throttles_alarm" {
  description = "An alarm when Lambda throttles the function (AWS/Lambda Throttles > 0); null for none"
  type = object({
    description = string
  })
  default = null
}

variable "auth_failures_alarm" {
  description = "An alarm on the connector's AuthFailures metric of the function (Sum >= 1); null for none"
  type = object({
    description = string
    notify_ok   = bool # also notify the topic when the alarm clears
  })
  default = null
}
