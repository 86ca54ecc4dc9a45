# TrailKeeper fix plan for account 111122223333, region us-east-1.
# Closes: cloudtrail_bucket_policy_protects_logs, cloudtrail_bucket_retention_365_days,
# cloudtrail_bucket_retention_protected, cloudtrail_cloudwatch_logging_enabled,
# cloudtrail_data_events_dynamodb_lambda, cloudtrail_delivery_healthy,
# cloudtrail_global_service_events_included, cloudtrail_insights_exist,
# cloudtrail_kms_encryption_enabled, cloudtrail_log_file_validation_enabled,
# cloudtrail_logs_s3_bucket_access_logging_enabled,
# cloudtrail_logs_s3_bucket_is_not_publicly_accessible, cloudtrail_multi_region_enabled,
# cloudtrail_s3_dataevents_read_enabled, cloudtrail_s3_dataevents_write_enabled,
# cloudtrail_trail_bucket_excluded_from_data_events, cloudtrail_trail_logging,
# cloudwatch_alarm_console_login_without_mfa, cloudwatch_alarm_root_usage,
# cloudwatch_alarm_trail_tampering.
#
# 1. KMS key alias/trailkeeper-111122223333, rotated yearly, which CloudTrail may encrypt with for
#    trail trailkeeper-111122223333 and the account's principals may decrypt with.
# 2. Bucket trailkeeper-111122223333-access-logs for the S3 server access logs of the trail bucket:
#    private, owner-enforced, kept 2555 days.
# 3. Bucket trailkeeper-111122223333-cloudtrail for the trail's files: Object Lock in COMPLIANCE
#    mode keeping each file 365 days, versioning, to Glacier after 90 days, deleted after 2555 days,
#    public access blocked, access logged to trailkeeper-111122223333-access-logs.
# 4. Policy of bucket trailkeeper-111122223333-cloudtrail: CloudTrail may write there for trail
#    trailkeeper-111122223333 only; nobody but the break-glass role may delete log files, change the
#    lifecycle, versioning, Object Lock or the policy, or delete the bucket; HTTPS only.
# 5. CloudWatch Logs group /trailkeeper/cloudtrail keeping events 400 days, and role
#    trailkeeper-111122223333-to-cloudwatch-logs that CloudTrail writes to it with.
# 6. Trail trailkeeper-111122223333 in us-east-1: all regions, global service events, log file
#    validation, encrypted with the key, delivering to the bucket and the log group, logging.
# 7. Event selectors: management events; S3 object reads and writes in every bucket but
#    trailkeeper-111122223333-cloudtrail and trailkeeper-111122223333-access-logs; DynamoDB item
#    reads and writes; Lambda invocations.
# 8. CloudTrail Insights on API call rates and error rates ($0.35 per 100,000 events analysed).
# 9. SNS topic trailkeeper-alerts, e-mailing the address given when deploying.
# 10. Metric filter and alarm trailkeeper-trail-tampering on /trailkeeper/cloudtrail: someone
#     stopped, deleted or changed the trail (StopLogging, DeleteTrail, UpdateTrail,
#     PutEventSelectors).
# 11. Metric filter and alarm trailkeeper-console-login-without-mfa on /trailkeeper/cloudtrail: an
#     IAM user signed in to the console without MFA.
# 12. Metric filter and alarm trailkeeper-root-usage on /trailkeeper/cloudtrail: the root user was
#     used.
# 13. EventBridge rule trailkeeper-trail-tampering in us-east-1: StopLogging, DeleteTrail,
#     UpdateTrail, PutEventSelectors reach the topic at once, even when log delivery is what was
#     stopped.
#
# Data-event cost: data events cost $0.10 per 100,000 data events; give the expected events a month
# for an estimate.
#
# Note: Object Lock in COMPLIANCE mode cannot be shortened or lifted, by root either: each log file
#       stays 365 days, and the bucket cannot be deleted before.
# Note: Later changes to the trail bucket's lifecycle, versioning, Object Lock or policy must be
#       made as the break-glass role: its policy denies them to everyone else.
# Note: The break-glass role's ARN must be given when deploying: the only role allowed to delete log
#       files, change the trail bucket's lifecycle or policy, or delete it.
# Note: The alert e-mail address must be given when deploying: the e-mail address the alarms are
#       sent to.
# Note: Could not be checked, so not planned for: iam_evidence_destroyers_few on 111122223333 (no
#       trail bucket to protect).

terraform {
  required_version = ">= 1.5.0"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.0"
    }
  }
}

provider "aws" {
  region              = "us-east-1"
  allowed_account_ids = ["111122223333"]
}

variable "break_glass_role_arn" {
  description = "the only role allowed to delete log files, change the trail bucket's lifecycle or policy, or delete it"
  type        = string
}

variable "alert_email" {
  description = "the e-mail address the alarms are sent to"
  type        = string
}

resource "aws_kms_key" "trail" {
  description             = "Encrypts CloudTrail log files of trail trailkeeper-111122223333"
  enable_key_rotation     = true
  deletion_window_in_days = 30
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "EnableAccountAdministration"
        Effect = "Allow"
        Principal = {
          AWS = "arn:aws:iam::111122223333:root"
        }
        Action   = "kms:*"
        Resource = "*"
      },
      {
        Sid    = "AllowCloudTrailToEncryptLogs"
        Effect = "Allow"
        Principal = {
          Service = "cloudtrail.amazonaws.com"
        }
        Action   = "kms:GenerateDataKey*"
        Resource = "*"
        Condition = {
          StringEquals = {
            "aws:SourceArn" = "arn:aws:cloudtrail:us-east-1:111122223333:trail/trailkeeper-111122223333"
          }
          StringLike = {
            "kms:EncryptionContext:aws:cloudtrail:arn" = "arn:aws:cloudtrail:*:111122223333:trail/*"
          }
        }
      },
      {
        Sid    = "AllowCloudTrailToDescribeKey"
        Effect = "Allow"
        Principal = {
          Service = "cloudtrail.amazonaws.com"
        }
        Action   = "kms:DescribeKey"
        Resource = "*"
        Condition = {
          StringEquals = {
            "aws:SourceArn" = "arn:aws:cloudtrail:us-east-1:111122223333:trail/trailkeeper-111122223333"
          }
        }
      },
      {
        Sid    = "AllowAccountToDecryptLogs"
        Effect = "Allow"
        Principal = {
          AWS = "*"
        }
        Action   = ["kms:Decrypt", "kms:ReEncryptFrom"]
        Resource = "*"
        Condition = {
          StringEquals = {
            "kms:CallerAccount" = "111122223333"
          }
          StringLike = {
            "kms:EncryptionContext:aws:cloudtrail:arn" = "arn:aws:cloudtrail:*:111122223333:trail/*"
          }
        }
      },
    ]
  })
  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_kms_alias" "trail" {
  name          = "alias/trailkeeper-111122223333"
  target_key_id = aws_kms_key.trail.key_id
}

resource "aws_s3_bucket" "access_logs" {
  bucket = "trailkeeper-111122223333-access-logs"
}

resource "aws_s3_bucket_ownership_controls" "access_logs" {
  bucket = aws_s3_bucket.access_logs.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "access_logs" {
  bucket                  = aws_s3_bucket.access_logs.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_server_side_encryption_configuration" "access_logs" {
  bucket = aws_s3_bucket.access_logs.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "access_logs" {
  bucket = aws_s3_bucket.access_logs.id
  rule {
    id     = "expire-access-logs"
    status = "Enabled"
    filter {}
    expiration {
      days = 2555
    }
  }
}

resource "aws_s3_bucket_policy" "access_logs" {
  bucket = aws_s3_bucket.access_logs.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "S3ServerAccessLogsPolicy"
        Effect = "Allow"
        Principal = {
          Service = "logging.s3.amazonaws.com"
        }
        Action   = "s3:PutObject"
        Resource = "arn:aws:s3:::trailkeeper-111122223333-access-logs/*"
        Condition = {
          ArnLike = {
            "aws:SourceArn" = "arn:aws:s3:::trailkeeper-111122223333-cloudtrail"
          }
          StringEquals = {
            "aws:SourceAccount" = "111122223333"
          }
        }
      },
      {
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource = [
          "arn:aws:s3:::trailkeeper-111122223333-access-logs",
          "arn:aws:s3:::trailkeeper-111122223333-access-logs/*",
        ]
        Condition = {
          Bool = {
            "aws:SecureTransport" = "false"
          }
        }
      },
    ]
  })
  depends_on = [aws_s3_bucket_public_access_block.access_logs]
}

resource "aws_s3_bucket" "trail" {
  bucket              = "trailkeeper-111122223333-cloudtrail"
  object_lock_enabled = true
  lifecycle {
    prevent_destroy = true
  }
}

resource "aws_s3_bucket_ownership_controls" "trail" {
  bucket = aws_s3_bucket.trail.id
  rule {
    object_ownership = "BucketOwnerEnforced"
  }
}

resource "aws_s3_bucket_public_access_block" "trail" {
  bucket                  = aws_s3_bucket.trail.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_server_side_encryption_configuration" "trail" {
  bucket = aws_s3_bucket.trail.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_versioning" "trail" {
  bucket = aws_s3_bucket.trail.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_object_lock_configuration" "trail" {
  bucket = aws_s3_bucket.trail.id
  rule {
    default_retention {
      mode = "COMPLIANCE"
      days = 365
    }
  }
  depends_on = [aws_s3_bucket_versioning.trail]
}

resource "aws_s3_bucket_lifecycle_configuration" "trail" {
  bucket = aws_s3_bucket.trail.id
  rule {
    id     = "keep-cloudtrail-logs"
    status = "Enabled"
    filter {}
    transition {
      days          = 90
      storage_class = "GLACIER"
    }
    expiration {
      days = 2555
    }
    noncurrent_version_expiration {
      noncurrent_days = 365
    }
  }
  depends_on = [aws_s3_bucket_versioning.trail]
}

resource "aws_s3_bucket_logging" "trail" {
  bucket        = aws_s3_bucket.trail.id
  target_bucket = aws_s3_bucket.access_logs.id
  target_prefix = "trailkeeper-111122223333-cloudtrail/"
}

resource "aws_s3_bucket_policy" "trail" {
  bucket = aws_s3_bucket.trail.id
  # Applied last: it denies changing versioning, Object Lock, the lifecycle and itself.
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "AWSCloudTrailAclCheck"
        Effect = "Allow"
        Principal = {
          Service = "cloudtrail.amazonaws.com"
        }
        Action   = "s3:GetBucketAcl"
        Resource = "arn:aws:s3:::trailkeeper-111122223333-cloudtrail"
        Condition = {
          StringEquals = {
            "aws:SourceArn" = "arn:aws:cloudtrail:us-east-1:111122223333:trail/trailkeeper-111122223333"
          }
        }
      },
      {
        Sid    = "AWSCloudTrailWrite"
        Effect = "Allow"
        Principal = {
          Service = "cloudtrail.amazonaws.com"
        }
        Action   = "s3:PutObject"
        Resource = "arn:aws:s3:::trailkeeper-111122223333-cloudtrail/AWSLogs/111122223333/*"
        Condition = {
          StringEquals = {
            "s3:x-amz-acl"  = "bucket-owner-full-control"
            "aws:SourceArn" = "arn:aws:cloudtrail:us-east-1:111122223333:trail/trailkeeper-111122223333"
          }
        }
      },
      {
        Sid       = "DenyInsecureTransport"
        Effect    = "Deny"
        Principal = "*"
        Action    = "s3:*"
        Resource = [
          "arn:aws:s3:::trailkeeper-111122223333-cloudtrail",
          "arn:aws:s3:::trailkeeper-111122223333-cloudtrail/*",
        ]
        Condition = {
          Bool = {
            "aws:SecureTransport" = "false"
          }
        }
      },
      {
        Sid       = "DenyLogDestructionButBreakGlass"
        Effect    = "Deny"
        Principal = "*"
        Action = [
          "s3:DeleteObject",
          "s3:DeleteObjectVersion",
          "s3:PutLifecycleConfiguration",
          "s3:PutBucketPolicy",
          "s3:DeleteBucketPolicy",
          "s3:DeleteBucket",
          "s3:PutBucketVersioning",
          "s3:PutBucketObjectLockConfiguration",
        ]
        Resource = [
          "arn:aws:s3:::trailkeeper-111122223333-cloudtrail",
          "arn:aws:s3:::trailkeeper-111122223333-cloudtrail/*",
        ]
        Condition = {
          ArnNotEquals = {
            "aws:PrincipalArn" = var.break_glass_role_arn
          }
        }
      },
    ]
  })
  depends_on = [
    aws_s3_bucket_public_access_block.trail,
    aws_s3_bucket_versioning.trail,
    aws_s3_bucket_object_lock_configuration.trail,
    aws_s3_bucket_lifecycle_configuration.trail,
  ]
}

resource "aws_cloudwatch_log_group" "trail" {
  name              = "/trailkeeper/cloudtrail"
  retention_in_days = 400
}

resource "aws_iam_role" "cloudtrail_logs" {
  name = "trailkeeper-111122223333-to-cloudwatch-logs"
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Effect = "Allow"
        Principal = {
          Service = "cloudtrail.amazonaws.com"
        }
        Action = "sts:AssumeRole"
        Condition = {
          StringEquals = {
            "aws:SourceAccount" = "111122223333"
          }
        }
      },
    ]
  })
}

resource "aws_iam_role_policy" "cloudtrail_logs" {
  name = "deliver-to-cloudwatch-logs"
  role = aws_iam_role.cloudtrail_logs.id
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid      = "AWSCloudTrailDeliverToLogs"
        Effect   = "Allow"
        Action   = ["logs:CreateLogStream", "logs:PutLogEvents"]
        Resource = "arn:aws:logs:us-east-1:111122223333:log-group:/trailkeeper/cloudtrail:log-stream:*"
      },
    ]
  })
}

resource "aws_cloudtrail" "trail" {
  name                          = "trailkeeper-111122223333"
  s3_bucket_name                = aws_s3_bucket.trail.id
  is_multi_region_trail         = true
  include_global_service_events = true
  enable_log_file_validation    = true
  enable_logging                = true
  kms_key_id                    = aws_kms_key.trail.arn
  cloud_watch_logs_group_arn    = "${aws_cloudwatch_log_group.trail.arn}:*"
  cloud_watch_logs_role_arn     = aws_iam_role.cloudtrail_logs.arn

  # Data events: data events cost $0.10 per 100,000 data events; give the expected events a month
  # for an estimate.
  advanced_event_selector {
    name = "Management events"
    field_selector {
      field  = "eventCategory"
      equals = ["Management"]
    }
  }
  advanced_event_selector {
    name = "S3 object reads and writes, all buckets but the trail's own"
    field_selector {
      field  = "eventCategory"
      equals = ["Data"]
    }
    field_selector {
      field  = "resources.type"
      equals = ["AWS::S3::Object"]
    }
    field_selector {
      field = "resources.ARN"
      not_starts_with = [
        "arn:aws:s3:::trailkeeper-111122223333-cloudtrail/",
        "arn:aws:s3:::trailkeeper-111122223333-access-logs/",
      ]
    }
  }
  advanced_event_selector {
    name = "DynamoDB item reads and writes"
    field_selector {
      field  = "eventCategory"
      equals = ["Data"]
    }
    field_selector {
      field  = "resources.type"
      equals = ["AWS::DynamoDB::Table"]
    }
  }
  advanced_event_selector {
    name = "Lambda invocations"
    field_selector {
      field  = "eventCategory"
      equals = ["Data"]
    }
    field_selector {
      field  = "resources.type"
      equals = ["AWS::Lambda::Function"]
    }
  }
  insight_selector {
    insight_type = "ApiCallRateInsight"
  }
  insight_selector {
    insight_type = "ApiErrorRateInsight"
  }

  depends_on = [aws_s3_bucket_policy.trail, aws_iam_role_policy.cloudtrail_logs]
}

resource "aws_sns_topic" "alerts" {
  name = "trailkeeper-alerts"
}

resource "aws_sns_topic_policy" "alerts" {
  arn = aws_sns_topic.alerts.arn
  policy = jsonencode({
    Version = "2012-10-17"
    Statement = [
      {
        Sid    = "AllowCloudWatchAlarms"
        Effect = "Allow"
        Principal = {
          Service = "cloudwatch.amazonaws.com"
        }
        Action   = "sns:Publish"
        Resource = "arn:aws:sns:us-east-1:111122223333:trailkeeper-alerts"
        Condition = {
          StringEquals = {
            "aws:SourceAccount" = "111122223333"
          }
        }
      },
      {
        Sid    = "AllowEventBridgeRules"
        Effect = "Allow"
        Principal = {
          Service = "events.amazonaws.com"
        }
        Action   = "sns:Publish"
        Resource = "arn:aws:sns:us-east-1:111122223333:trailkeeper-alerts"
        Condition = {
          StringEquals = {
            "aws:SourceAccount" = "111122223333"
          }
        }
      },
    ]
  })
}

resource "aws_sns_topic_subscription" "alert_email" {
  topic_arn = aws_sns_topic.alerts.arn
  protocol  = "email"
  endpoint  = var.alert_email
}

resource "aws_cloudwatch_log_metric_filter" "trail_tampering" {
  name           = "trailkeeper-trail-tampering"
  log_group_name = aws_cloudwatch_log_group.trail.name
  pattern        = "{ ($.eventSource = \"cloudtrail.amazonaws.com\") && (($.eventName = \"StopLogging\") || ($.eventName = \"DeleteTrail\") || ($.eventName = \"UpdateTrail\") || ($.eventName = \"PutEventSelectors\")) }"
  metric_transformation {
    name      = "trailkeeper-trail-tampering"
    namespace = "TrailKeeper"
    value     = "1"
  }
}

resource "aws_cloudwatch_metric_alarm" "trail_tampering" {
  alarm_name          = "trailkeeper-trail-tampering"
  alarm_description   = "TrailKeeper: someone stopped, deleted or changed the trail (StopLogging, DeleteTrail, UpdateTrail, PutEventSelectors)"
  namespace           = "TrailKeeper"
  metric_name         = "trailkeeper-trail-tampering"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alerts.arn]
}

resource "aws_cloudwatch_log_metric_filter" "console_login_without_mfa" {
  name           = "trailkeeper-console-login-without-mfa"
  log_group_name = aws_cloudwatch_log_group.trail.name
  pattern        = "{ ($.eventName = \"ConsoleLogin\") && ($.additionalEventData.MFAUsed != \"Yes\") && ($.userIdentity.type = \"IAMUser\") && ($.responseElements.ConsoleLogin = \"Success\") }"
  metric_transformation {
    name      = "trailkeeper-console-login-without-mfa"
    namespace = "TrailKeeper"
    value     = "1"
  }
}

resource "aws_cloudwatch_metric_alarm" "console_login_without_mfa" {
  alarm_name          = "trailkeeper-console-login-without-mfa"
  alarm_description   = "TrailKeeper: an IAM user signed in to the console without MFA"
  namespace           = "TrailKeeper"
  metric_name         = "trailkeeper-console-login-without-mfa"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alerts.arn]
}

resource "aws_cloudwatch_log_metric_filter" "root_usage" {
  name           = "trailkeeper-root-usage"
  log_group_name = aws_cloudwatch_log_group.trail.name
  pattern        = "{ $.userIdentity.type = \"Root\" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != \"AwsServiceEvent\" }"
  metric_transformation {
    name      = "trailkeeper-root-usage"
    namespace = "TrailKeeper"
    value     = "1"
  }
}

resource "aws_cloudwatch_metric_alarm" "root_usage" {
  alarm_name          = "trailkeeper-root-usage"
  alarm_description   = "TrailKeeper: the root user was used"
  namespace           = "TrailKeeper"
  metric_name         = "trailkeeper-root-usage"
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 1
  comparison_operator = "GreaterThanOrEqualToThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alerts.arn]
}

resource "aws_cloudwatch_event_rule" "trail_tampering" {
  name        = "trailkeeper-trail-tampering"
  description = "TrailKeeper: someone stopped, deleted or changed the trail (StopLogging, DeleteTrail, UpdateTrail, PutEventSelectors)"
  event_pattern = jsonencode({
    source        = ["aws.cloudtrail"]
    "detail-type" = ["AWS API Call via CloudTrail"]
    detail = {
      eventSource = ["cloudtrail.amazonaws.com"]
      eventName   = ["StopLogging", "DeleteTrail", "UpdateTrail", "PutEventSelectors"]
    }
  })
}

resource "aws_cloudwatch_event_target" "trail_tampering" {
  rule      = aws_cloudwatch_event_rule.trail_tampering.name
  target_id = "alert-topic"
  arn       = aws_sns_topic.alerts.arn
}

output "trail_arn" {
  value = aws_cloudtrail.trail.arn
}

output "trail_bucket" {
  value = aws_s3_bucket.trail.id
}
