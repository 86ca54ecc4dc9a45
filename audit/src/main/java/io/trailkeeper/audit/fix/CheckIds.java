package io.trailkeeper.audit.fix;

import java.util.List;
import java.util.Set;

/** The ids of the audit's checks that the plan knows how to close, grouped by what closes them. */
final class CheckIds {
    static final String TRAIL_LOGGING = "cloudtrail_trail_logging";
    static final String MULTI_REGION = "cloudtrail_multi_region_enabled";
    static final String GLOBAL_EVENTS = "cloudtrail_global_service_events_included";
    static final String LOG_FILE_VALIDATION = "cloudtrail_log_file_validation_enabled";
    static final String KMS = "cloudtrail_kms_encryption_enabled";
    static final String DELIVERY = "cloudtrail_delivery_healthy";
    static final String RETENTION_365 = "cloudtrail_bucket_retention_365_days";
    static final String RETENTION_PROTECTED = "cloudtrail_bucket_retention_protected";
    static final String BUCKET_NOT_PUBLIC = "cloudtrail_logs_s3_bucket_is_not_publicly_accessible";
    static final String BUCKET_POLICY = "cloudtrail_bucket_policy_protects_logs";
    static final String EVIDENCE_DESTROYERS = "iam_evidence_destroyers_few";
    static final String S3_READ = "cloudtrail_s3_dataevents_read_enabled";
    static final String S3_WRITE = "cloudtrail_s3_dataevents_write_enabled";
    static final String DYNAMODB_LAMBDA = "cloudtrail_data_events_dynamodb_lambda";
    static final String OWN_BUCKET_EXCLUDED = "cloudtrail_trail_bucket_excluded_from_data_events";
    static final String ACCESS_LOGGING = "cloudtrail_logs_s3_bucket_access_logging_enabled";
    static final String INSIGHTS = "cloudtrail_insights_exist";
    static final String CLOUDWATCH_LOGS = "cloudtrail_cloudwatch_logging_enabled";

    /**
     * Checks only a trail and bucket of the plan's own can close: CloudFormation and Terraform can configure only
     * what they manage, and Object Lock exists only on a bucket created with it.
     */
    static final Set<String> CORE = Set.of(TRAIL_LOGGING, MULTI_REGION, GLOBAL_EVENTS, LOG_FILE_VALIDATION, KMS,
            DELIVERY, RETENTION_365, RETENTION_PROTECTED, BUCKET_NOT_PUBLIC, BUCKET_POLICY, S3_READ, S3_WRITE,
            DYNAMODB_LAMBDA, OWN_BUCKET_EXCLUDED, ACCESS_LOGGING, INSIGHTS, CLOUDWATCH_LOGS);

    static final List<String> TRAIL_SETTINGS = List.of(TRAIL_LOGGING, MULTI_REGION, GLOBAL_EVENTS,
            LOG_FILE_VALIDATION, KMS, DELIVERY);
    static final List<String> BUCKET_SETTINGS = List.of(RETENTION_365, RETENTION_PROTECTED, BUCKET_NOT_PUBLIC,
            BUCKET_POLICY);
    static final List<String> DATA_EVENTS = List.of(S3_READ, S3_WRITE, OWN_BUCKET_EXCLUDED, DYNAMODB_LAMBDA);

    private CheckIds() {
    }
}
