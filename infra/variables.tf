variable "stage" {
  description = "staging or production: in every resource name; production also turns on the table's deletion protection"
  type        = string

  validation {
    condition     = contains(["staging", "production"], var.stage)
    error_message = "stage must be staging or production."
  }
}

variable "entra_tenant" {
  description = "Entra ID tenant id (or domain) of the partner, e.g. contoso.onmicrosoft.com"
  type        = string
}

variable "entra_client_id" {
  description = "Application (client) id of the connector's Entra ID app registration"
  type        = string
}

variable "entra_client_secret" {
  description = "The app registration's client secret; empty creates the secret without a value (put it later)"
  type        = string
  default     = ""
  sensitive   = true
}

variable "dataverse_api_root" {
  description = "Dataverse Web API root, e.g. https://contoso.crm4.dynamics.com/api/data/v9.2/"
  type        = string

  validation {
    condition     = can(regex("^https://.+/api/data/v9\\.2/$", var.dataverse_api_root))
    error_message = "dataverse_api_root must look like https://contoso.crm4.dynamics.com/api/data/v9.2/"
  }
}

variable "mapping_json" {
  description = "The mapping as one JSON document (empty = the built-in mapping)"
  type        = string
  default     = ""
}

variable "crm_poller_mode" {
  description = "change-tracking (needs Track changes on opportunity and cosell_solution) or modifiedon"
  type        = string
  default     = "change-tracking"

  validation {
    condition     = contains(["change-tracking", "modifiedon"], var.crm_poller_mode)
    error_message = "crm_poller_mode must be change-tracking or modifiedon."
  }
}

variable "migrating" {
  description = "true when taking over from Microsoft's connector; the CRM poller (and reconciler) only log until bin/cosell migrate apply has run"
  type        = string
  default     = "false"

  validation {
    condition     = contains(["true", "false"], var.migrating)
    error_message = "migrating must be true or false."
  }
}

variable "poll_schedule" {
  description = "EventBridge Scheduler expression of the CRM poller"
  type        = string
  default     = "rate(1 minute)"
}

variable "reconcile_schedule" {
  description = "EventBridge Scheduler expression of the reconciler (lists the referrals Partner Center changed)"
  type        = string
  default     = "rate(15 minutes)"
}

variable "keep_alive_schedule" {
  description = "EventBridge Scheduler expression of the refresh-token keep-alive (at least weekly: an unused refresh token expires after 90 days)"
  type        = string
  default     = "rate(1 day)"
}

variable "mapper_maximum_concurrency" {
  description = "Mapper environments the sync queue feeds at most (keeps Dataverse under its service protection limits)"
  type        = number
  default     = 2

  validation {
    condition     = var.mapper_maximum_concurrency >= 2 && var.mapper_maximum_concurrency <= 1000
    error_message = "mapper_maximum_concurrency must be between 2 and 1000."
  }
}

variable "architecture" {
  description = "Function architecture; the secrets extension layer must be the same architecture"
  type        = string
  default     = "arm64"

  validation {
    condition     = contains(["arm64", "x86_64"], var.architecture)
    error_message = "architecture must be arm64 or x86_64."
  }
}

variable "secrets_extension_layer_arn" {
  description = "ARN of the AWS Parameters and Secrets Lambda Extension layer for this region and architecture"
  type        = string

  validation {
    condition     = can(regex("^arn:aws[a-z-]*:lambda:[a-z0-9-]+:[0-9]{12}:layer:AWS-Parameters-and-Secrets-Lambda-Extension(-Arm64)?:[0-9]+$", var.secrets_extension_layer_arn))
    error_message = "secrets_extension_layer_arn must be an AWS-Parameters-and-Secrets-Lambda-Extension layer version ARN."
  }
}

variable "snap_start" {
  description = "SnapStart on the functions' published versions"
  type        = bool
  default     = true
}

variable "log_retention_days" {
  description = "Days the functions' logs are kept"
  type        = number
  default     = 30
}

variable "alarm_email" {
  description = "An e-mail address subscribed to the alarm topic (empty = no subscription)"
  type        = string
  default     = ""
}

variable "register_webhook" {
  description = "Register the webhook URL with Partner Center at deploy time (needs the Entra client secret)"
  type        = bool
  default     = true
}
