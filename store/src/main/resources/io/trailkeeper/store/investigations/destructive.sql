-- Fragment: a call that deletes, terminates or removes something, or destroys the evidence about it:
-- StopLogging (the trail stops recording), PutBucketLifecycle[Configuration] (objects may expire),
-- ScheduleKeyDeletion and DisableKey (what the KMS key encrypted becomes unreadable), PutRetentionPolicy
-- (CloudWatch Logs deletes events older than the retention).
(starts_with(event_name, 'Delete') OR starts_with(event_name, 'Terminate') OR starts_with(event_name, 'Remove')
    OR starts_with(event_name, 'Deregister') OR starts_with(event_name, 'Purge')
    OR event_name IN ('StopLogging', 'PutBucketLifecycle', 'PutBucketLifecycleConfiguration', 'ScheduleKeyDeletion',
        'DisableKey', 'PutRetentionPolicy'))
