#!/usr/bin/env bash
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
set -euo pipefail

# The plan's names. Its documents are written for this account and region.
ACCOUNT=111122223333
REGION=us-east-1
TRAIL=trailkeeper-111122223333
BUCKET=trailkeeper-111122223333-cloudtrail
ACCESS_LOG_BUCKET=trailkeeper-111122223333-access-logs
KEY_ALIAS=alias/trailkeeper-111122223333
LOGS_ROLE=trailkeeper-111122223333-to-cloudwatch-logs
LOG_GROUP=/trailkeeper/cloudtrail
TOPIC=trailkeeper-alerts
# The break-glass role's ARN: the only role allowed to delete log files, change the trail bucket's lifecycle or policy, or delete it.
BREAK_GLASS_ROLE_ARN="${BREAK_GLASS_ROLE_ARN:?set BREAK_GLASS_ROLE_ARN first}"
# The alert e-mail address: the e-mail address the alarms are sent to.
ALERT_EMAIL="${ALERT_EMAIL:?set ALERT_EMAIL first}"
export AWS_DEFAULT_REGION="$REGION"

if [ "$(aws sts get-caller-identity --query Account --output text)" != "$ACCOUNT" ]; then
    echo "These commands are for account $ACCOUNT: use its credentials." >&2
    exit 1
fi
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# 1. KMS key alias/trailkeeper-111122223333, rotated yearly, which CloudTrail may encrypt with for
#    trail trailkeeper-111122223333 and the account's principals may decrypt with.
cat > "$WORK/policy-1.json" <<JSON
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "EnableAccountAdministration",
      "Effect": "Allow",
      "Principal": {
        "AWS": "arn:aws:iam::${ACCOUNT}:root"
      },
      "Action": "kms:*",
      "Resource": "*"
    },
    {
      "Sid": "AllowCloudTrailToEncryptLogs",
      "Effect": "Allow",
      "Principal": {
        "Service": "cloudtrail.amazonaws.com"
      },
      "Action": "kms:GenerateDataKey*",
      "Resource": "*",
      "Condition": {
        "StringEquals": {
          "aws:SourceArn": "arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/${TRAIL}"
        },
        "StringLike": {
          "kms:EncryptionContext:aws:cloudtrail:arn": "arn:aws:cloudtrail:*:${ACCOUNT}:trail/*"
        }
      }
    },
    {
      "Sid": "AllowCloudTrailToDescribeKey",
      "Effect": "Allow",
      "Principal": {
        "Service": "cloudtrail.amazonaws.com"
      },
      "Action": "kms:DescribeKey",
      "Resource": "*",
      "Condition": {
        "StringEquals": {
          "aws:SourceArn": "arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/${TRAIL}"
        }
      }
    },
    {
      "Sid": "AllowAccountToDecryptLogs",
      "Effect": "Allow",
      "Principal": {
        "AWS": "*"
      },
      "Action": [
        "kms:Decrypt",
        "kms:ReEncryptFrom"
      ],
      "Resource": "*",
      "Condition": {
        "StringEquals": {
          "kms:CallerAccount": "${ACCOUNT}"
        },
        "StringLike": {
          "kms:EncryptionContext:aws:cloudtrail:arn": "arn:aws:cloudtrail:*:${ACCOUNT}:trail/*"
        }
      }
    }
  ]
}
JSON
KEY_ARN="$(aws kms create-key --description 'Encrypts CloudTrail log files of trail trailkeeper-111122223333' \
    --policy "file://$WORK/policy-1.json" --query KeyMetadata.Arn --output text)"
aws kms enable-key-rotation --key-id "$KEY_ARN"
aws kms create-alias --alias-name "$KEY_ALIAS" --target-key-id "$KEY_ARN"

# 2. Bucket trailkeeper-111122223333-access-logs for the S3 server access logs of the trail bucket:
#    private, owner-enforced, kept 2555 days.
aws s3api create-bucket --bucket "$ACCESS_LOG_BUCKET"
aws s3api put-bucket-ownership-controls --bucket "$ACCESS_LOG_BUCKET" \
    --ownership-controls '{"Rules":[{"ObjectOwnership":"BucketOwnerEnforced"}]}'
cat > "$WORK/public-access-block-configuration-2.json" <<JSON
{
  "BlockPublicAcls": true,
  "IgnorePublicAcls": true,
  "BlockPublicPolicy": true,
  "RestrictPublicBuckets": true
}
JSON
aws s3api put-public-access-block --bucket "$ACCESS_LOG_BUCKET" \
    --public-access-block-configuration "file://$WORK/public-access-block-configuration-2.json"
aws s3api put-bucket-encryption --bucket "$ACCESS_LOG_BUCKET" \
    --server-side-encryption-configuration '{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"AES256"}}]}'
cat > "$WORK/lifecycle-configuration-3.json" <<JSON
{
  "Rules": [
    {
      "ID": "expire-access-logs",
      "Filter": {
        "Prefix": ""
      },
      "Status": "Enabled",
      "Expiration": {
        "Days": 2555
      }
    }
  ]
}
JSON
aws s3api put-bucket-lifecycle-configuration --bucket "$ACCESS_LOG_BUCKET" \
    --lifecycle-configuration "file://$WORK/lifecycle-configuration-3.json"
cat > "$WORK/policy-4.json" <<JSON
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "S3ServerAccessLogsPolicy",
      "Effect": "Allow",
      "Principal": {
        "Service": "logging.s3.amazonaws.com"
      },
      "Action": "s3:PutObject",
      "Resource": "arn:aws:s3:::${ACCESS_LOG_BUCKET}/*",
      "Condition": {
        "ArnLike": {
          "aws:SourceArn": "arn:aws:s3:::${BUCKET}"
        },
        "StringEquals": {
          "aws:SourceAccount": "${ACCOUNT}"
        }
      }
    },
    {
      "Sid": "DenyInsecureTransport",
      "Effect": "Deny",
      "Principal": "*",
      "Action": "s3:*",
      "Resource": [
        "arn:aws:s3:::${ACCESS_LOG_BUCKET}",
        "arn:aws:s3:::${ACCESS_LOG_BUCKET}/*"
      ],
      "Condition": {
        "Bool": {
          "aws:SecureTransport": "false"
        }
      }
    }
  ]
}
JSON
aws s3api put-bucket-policy --bucket "$ACCESS_LOG_BUCKET" \
    --policy "file://$WORK/policy-4.json"

# 3. Bucket trailkeeper-111122223333-cloudtrail for the trail's files: Object Lock in COMPLIANCE
#    mode keeping each file 365 days, versioning, to Glacier after 90 days, deleted after 2555 days,
#    public access blocked, access logged to trailkeeper-111122223333-access-logs.
aws s3api create-bucket --bucket "$BUCKET" --object-lock-enabled-for-bucket
aws s3api put-bucket-ownership-controls --bucket "$BUCKET" \
    --ownership-controls '{"Rules":[{"ObjectOwnership":"BucketOwnerEnforced"}]}'
cat > "$WORK/public-access-block-configuration-5.json" <<JSON
{
  "BlockPublicAcls": true,
  "IgnorePublicAcls": true,
  "BlockPublicPolicy": true,
  "RestrictPublicBuckets": true
}
JSON
aws s3api put-public-access-block --bucket "$BUCKET" \
    --public-access-block-configuration "file://$WORK/public-access-block-configuration-5.json"
aws s3api put-bucket-encryption --bucket "$BUCKET" \
    --server-side-encryption-configuration '{"Rules":[{"ApplyServerSideEncryptionByDefault":{"SSEAlgorithm":"AES256"}}]}'
aws s3api put-bucket-versioning --bucket "$BUCKET" --versioning-configuration '{"Status":"Enabled"}'
aws s3api put-object-lock-configuration --bucket "$BUCKET" \
    --object-lock-configuration '{"ObjectLockEnabled":"Enabled","Rule":{"DefaultRetention":{"Mode":"COMPLIANCE","Days":365}}}'
cat > "$WORK/lifecycle-configuration-6.json" <<JSON
{
  "Rules": [
    {
      "ID": "keep-cloudtrail-logs",
      "Filter": {
        "Prefix": ""
      },
      "Status": "Enabled",
      "Transitions": [
        {
          "Days": 90,
          "StorageClass": "GLACIER"
        }
      ],
      "Expiration": {
        "Days": 2555
      },
      "NoncurrentVersionExpiration": {
        "NoncurrentDays": 365
      }
    }
  ]
}
JSON
aws s3api put-bucket-lifecycle-configuration --bucket "$BUCKET" \
    --lifecycle-configuration "file://$WORK/lifecycle-configuration-6.json"
cat > "$WORK/bucket-logging-status-7.json" <<JSON
{
  "LoggingEnabled": {
    "TargetBucket": "${ACCESS_LOG_BUCKET}",
    "TargetPrefix": "${BUCKET}/"
  }
}
JSON
aws s3api put-bucket-logging --bucket "$BUCKET" \
    --bucket-logging-status "file://$WORK/bucket-logging-status-7.json"

# 4. Policy of bucket trailkeeper-111122223333-cloudtrail: CloudTrail may write there for trail
#    trailkeeper-111122223333 only; nobody but the break-glass role may delete log files, change the
#    lifecycle, versioning, Object Lock or the policy, or delete the bucket; HTTPS only.
cat > "$WORK/policy-8.json" <<JSON
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "AWSCloudTrailAclCheck",
      "Effect": "Allow",
      "Principal": {
        "Service": "cloudtrail.amazonaws.com"
      },
      "Action": "s3:GetBucketAcl",
      "Resource": "arn:aws:s3:::${BUCKET}",
      "Condition": {
        "StringEquals": {
          "aws:SourceArn": "arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/${TRAIL}"
        }
      }
    },
    {
      "Sid": "AWSCloudTrailWrite",
      "Effect": "Allow",
      "Principal": {
        "Service": "cloudtrail.amazonaws.com"
      },
      "Action": "s3:PutObject",
      "Resource": "arn:aws:s3:::${BUCKET}/AWSLogs/${ACCOUNT}/*",
      "Condition": {
        "StringEquals": {
          "s3:x-amz-acl": "bucket-owner-full-control",
          "aws:SourceArn": "arn:aws:cloudtrail:${REGION}:${ACCOUNT}:trail/${TRAIL}"
        }
      }
    },
    {
      "Sid": "DenyInsecureTransport",
      "Effect": "Deny",
      "Principal": "*",
      "Action": "s3:*",
      "Resource": [
        "arn:aws:s3:::${BUCKET}",
        "arn:aws:s3:::${BUCKET}/*"
      ],
      "Condition": {
        "Bool": {
          "aws:SecureTransport": "false"
        }
      }
    },
    {
      "Sid": "DenyLogDestructionButBreakGlass",
      "Effect": "Deny",
      "Principal": "*",
      "Action": [
        "s3:DeleteObject",
        "s3:DeleteObjectVersion",
        "s3:PutLifecycleConfiguration",
        "s3:PutBucketPolicy",
        "s3:DeleteBucketPolicy",
        "s3:DeleteBucket",
        "s3:PutBucketVersioning",
        "s3:PutBucketObjectLockConfiguration"
      ],
      "Resource": [
        "arn:aws:s3:::${BUCKET}",
        "arn:aws:s3:::${BUCKET}/*"
      ],
      "Condition": {
        "ArnNotEquals": {
          "aws:PrincipalArn": "${BREAK_GLASS_ROLE_ARN}"
        }
      }
    }
  ]
}
JSON
aws s3api put-bucket-policy --bucket "$BUCKET" \
    --policy "file://$WORK/policy-8.json"

# 5. CloudWatch Logs group /trailkeeper/cloudtrail keeping events 400 days, and role
#    trailkeeper-111122223333-to-cloudwatch-logs that CloudTrail writes to it with.
aws logs create-log-group --log-group-name "$LOG_GROUP"
aws logs put-retention-policy --log-group-name "$LOG_GROUP" --retention-in-days 400
cat > "$WORK/assume-role-policy-document-9.json" <<JSON
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Principal": {
        "Service": "cloudtrail.amazonaws.com"
      },
      "Action": "sts:AssumeRole",
      "Condition": {
        "StringEquals": {
          "aws:SourceAccount": "${ACCOUNT}"
        }
      }
    }
  ]
}
JSON
aws iam create-role --role-name "$LOGS_ROLE" \
    --assume-role-policy-document "file://$WORK/assume-role-policy-document-9.json"
cat > "$WORK/policy-document-10.json" <<JSON
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "AWSCloudTrailDeliverToLogs",
      "Effect": "Allow",
      "Action": [
        "logs:CreateLogStream",
        "logs:PutLogEvents"
      ],
      "Resource": "arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${LOG_GROUP}:log-stream:*"
    }
  ]
}
JSON
aws iam put-role-policy --role-name "$LOGS_ROLE" --policy-name deliver-to-cloudwatch-logs \
    --policy-document "file://$WORK/policy-document-10.json"
sleep 15  # a new role can be assumed only after a few seconds

# 6. Trail trailkeeper-111122223333 in us-east-1: all regions, global service events, log file
#    validation, encrypted with the key, delivering to the bucket and the log group, logging.
aws cloudtrail create-trail --name "$TRAIL" --s3-bucket-name "$BUCKET" \
    --is-multi-region-trail --include-global-service-events --enable-log-file-validation \
    --kms-key-id "$KEY_ARN" \
    --cloud-watch-logs-log-group-arn "arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${LOG_GROUP}:*" \
    --cloud-watch-logs-role-arn "arn:aws:iam::${ACCOUNT}:role/${LOGS_ROLE}"

# 7. Event selectors: management events; S3 object reads and writes in every bucket but
#    trailkeeper-111122223333-cloudtrail and trailkeeper-111122223333-access-logs; DynamoDB item
#    reads and writes; Lambda invocations.
# Data events: data events cost $0.10 per 100,000 data events; give the expected events a month for an estimate.
cat > "$WORK/advanced-event-selectors-11.json" <<JSON
[
  {
    "Name": "Management events",
    "FieldSelectors": [
      {
        "Field": "eventCategory",
        "Equals": [
          "Management"
        ]
      }
    ]
  },
  {
    "Name": "S3 object reads and writes, all buckets but the trail's own",
    "FieldSelectors": [
      {
        "Field": "eventCategory",
        "Equals": [
          "Data"
        ]
      },
      {
        "Field": "resources.type",
        "Equals": [
          "AWS::S3::Object"
        ]
      },
      {
        "Field": "resources.ARN",
        "NotStartsWith": [
          "arn:aws:s3:::${BUCKET}/",
          "arn:aws:s3:::${ACCESS_LOG_BUCKET}/"
        ]
      }
    ]
  },
  {
    "Name": "DynamoDB item reads and writes",
    "FieldSelectors": [
      {
        "Field": "eventCategory",
        "Equals": [
          "Data"
        ]
      },
      {
        "Field": "resources.type",
        "Equals": [
          "AWS::DynamoDB::Table"
        ]
      }
    ]
  },
  {
    "Name": "Lambda invocations",
    "FieldSelectors": [
      {
        "Field": "eventCategory",
        "Equals": [
          "Data"
        ]
      },
      {
        "Field": "resources.type",
        "Equals": [
          "AWS::Lambda::Function"
        ]
      }
    ]
  }
]
JSON
aws cloudtrail put-event-selectors --trail-name "$TRAIL" \
    --advanced-event-selectors "file://$WORK/advanced-event-selectors-11.json"

# 8. CloudTrail Insights on API call rates and error rates ($0.35 per 100,000 events analysed).
aws cloudtrail put-insight-selectors --trail-name "$TRAIL" \
    --insight-selectors '[{"InsightType":"ApiCallRateInsight"},{"InsightType":"ApiErrorRateInsight"}]'
aws cloudtrail start-logging --name "$TRAIL"

# 9. SNS topic trailkeeper-alerts, e-mailing the address given when deploying.
TOPIC_ARN="$(aws sns create-topic --name "$TOPIC" --query TopicArn --output text)"
cat > "$WORK/attribute-value-12.json" <<JSON
{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "AllowCloudWatchAlarms",
      "Effect": "Allow",
      "Principal": {
        "Service": "cloudwatch.amazonaws.com"
      },
      "Action": "sns:Publish",
      "Resource": "arn:aws:sns:${REGION}:${ACCOUNT}:${TOPIC}",
      "Condition": {
        "StringEquals": {
          "aws:SourceAccount": "${ACCOUNT}"
        }
      }
    },
    {
      "Sid": "AllowEventBridgeRules",
      "Effect": "Allow",
      "Principal": {
        "Service": "events.amazonaws.com"
      },
      "Action": "sns:Publish",
      "Resource": "arn:aws:sns:${REGION}:${ACCOUNT}:${TOPIC}",
      "Condition": {
        "StringEquals": {
          "aws:SourceAccount": "${ACCOUNT}"
        }
      }
    }
  ]
}
JSON
aws sns set-topic-attributes --topic-arn "$TOPIC_ARN" --attribute-name Policy \
    --attribute-value "file://$WORK/attribute-value-12.json"
aws sns subscribe --topic-arn "$TOPIC_ARN" --protocol email --notification-endpoint "$ALERT_EMAIL"

# 10. Metric filter and alarm trailkeeper-trail-tampering on /trailkeeper/cloudtrail: someone
#     stopped, deleted or changed the trail (StopLogging, DeleteTrail, UpdateTrail,
#     PutEventSelectors).
aws logs put-metric-filter --log-group-name "$LOG_GROUP" --filter-name trailkeeper-trail-tampering \
    --filter-pattern '{ ($.eventSource = "cloudtrail.amazonaws.com") && (($.eventName = "StopLogging") || ($.eventName = "DeleteTrail") || ($.eventName = "UpdateTrail") || ($.eventName = "PutEventSelectors")) }' \
    --metric-transformations '[{"metricName":"trailkeeper-trail-tampering","metricNamespace":"TrailKeeper","metricValue":"1"}]'
aws cloudwatch put-metric-alarm --alarm-name trailkeeper-trail-tampering \
    --alarm-description 'TrailKeeper: someone stopped, deleted or changed the trail (StopLogging, DeleteTrail, UpdateTrail, PutEventSelectors)' \
    --namespace TrailKeeper --metric-name trailkeeper-trail-tampering --statistic Sum --period 300 --evaluation-periods 1 \
    --threshold 1 --comparison-operator GreaterThanOrEqualToThreshold --treat-missing-data notBreaching --alarm-actions "$TOPIC_ARN"

# 11. Metric filter and alarm trailkeeper-console-login-without-mfa on /trailkeeper/cloudtrail: an
#     IAM user signed in to the console without MFA.
aws logs put-metric-filter --log-group-name "$LOG_GROUP" --filter-name trailkeeper-console-login-without-mfa \
    --filter-pattern '{ ($.eventName = "ConsoleLogin") && ($.additionalEventData.MFAUsed != "Yes") && ($.userIdentity.type = "IAMUser") && ($.responseElements.ConsoleLogin = "Success") }' \
    --metric-transformations '[{"metricName":"trailkeeper-console-login-without-mfa","metricNamespace":"TrailKeeper","metricValue":"1"}]'
aws cloudwatch put-metric-alarm --alarm-name trailkeeper-console-login-without-mfa \
    --alarm-description 'TrailKeeper: an IAM user signed in to the console without MFA' \
    --namespace TrailKeeper --metric-name trailkeeper-console-login-without-mfa --statistic Sum --period 300 --evaluation-periods 1 \
    --threshold 1 --comparison-operator GreaterThanOrEqualToThreshold --treat-missing-data notBreaching --alarm-actions "$TOPIC_ARN"

# 12. Metric filter and alarm trailkeeper-root-usage on /trailkeeper/cloudtrail: the root user was
#     used.
aws logs put-metric-filter --log-group-name "$LOG_GROUP" --filter-name trailkeeper-root-usage \
    --filter-pattern '{ $.userIdentity.type = "Root" && $.userIdentity.invokedBy NOT EXISTS && $.eventType != "AwsServiceEvent" }' \
    --metric-transformations '[{"metricName":"trailkeeper-root-usage","metricNamespace":"TrailKeeper","metricValue":"1"}]'
aws cloudwatch put-metric-alarm --alarm-name trailkeeper-root-usage \
    --alarm-description 'TrailKeeper: the root user was used' \
    --namespace TrailKeeper --metric-name trailkeeper-root-usage --statistic Sum --period 300 --evaluation-periods 1 \
    --threshold 1 --comparison-operator GreaterThanOrEqualToThreshold --treat-missing-data notBreaching --alarm-actions "$TOPIC_ARN"

# 13. EventBridge rule trailkeeper-trail-tampering in us-east-1: StopLogging, DeleteTrail,
#     UpdateTrail, PutEventSelectors reach the topic at once, even when log delivery is what was
#     stopped.
cat > "$WORK/event-pattern-13.json" <<JSON
{
  "source": [
    "aws.cloudtrail"
  ],
  "detail-type": [
    "AWS API Call via CloudTrail"
  ],
  "detail": {
    "eventSource": [
      "cloudtrail.amazonaws.com"
    ],
    "eventName": [
      "StopLogging",
      "DeleteTrail",
      "UpdateTrail",
      "PutEventSelectors"
    ]
  }
}
JSON
aws events put-rule --name trailkeeper-trail-tampering \
    --description 'TrailKeeper: someone stopped, deleted or changed the trail (StopLogging, DeleteTrail, UpdateTrail, PutEventSelectors)' \
    --event-pattern "file://$WORK/event-pattern-13.json"
aws events put-targets --rule trailkeeper-trail-tampering --targets "Id=alert-topic,Arn=$TOPIC_ARN"

echo "TrailKeeper: the plan for account $ACCOUNT is in place."
