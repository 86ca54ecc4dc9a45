-- Fragment: a call that deletes, terminates or removes something, or destroys the evidence about it:
-- StopLogging (the trail stops recording), StopConfigurationRecorder (AWS Config stops recording what resources
-- were), PutBucketLifecycle[Configuration] (objects may expire),
-- ScheduleKeyDeletion and DisableKey (what the KMS key encrypted becomes unreadable), PutRetentionPolicy
-- (CloudWatch Logs deletes events older than the retention), PutBucketLogging (a bucket's server access logs, the
-- record of its reads, switched off; who-deleted-logging.sql keeps only those: turning logging on is no loss),
-- PutBucketVersioning (versioning suspended or MFA delete off: an overwrite or delete then keeps no version before
-- it; who-deleted-versioning.sql keeps only those). A prefix is written as a range (Delete* is
-- 'Delete' <= event_name < 'Deletf', the same names as starts_with, compared byte by byte): DuckDB pushes ranges
-- into its scan and tests them once per dictionary entry, not per row (starts_with: 8 times the cost on 10M rows).
((event_name >= 'Delete' AND event_name < 'Deletf') OR (event_name >= 'Terminate' AND event_name < 'Terminatf')
    OR (event_name >= 'Remove' AND event_name < 'Removf') OR (event_name >= 'Deregister' AND event_name < 'Deregistes')
    OR (event_name >= 'Purge' AND event_name < 'Purgf')
    OR event_name IN ('StopLogging', 'StopConfigurationRecorder', 'PutBucketLifecycle', 'PutBucketLifecycleConfiguration', 'ScheduleKeyDeletion',
        'DisableKey', 'PutRetentionPolicy', 'PutBucketLogging', 'PutBucketVersioning'))
