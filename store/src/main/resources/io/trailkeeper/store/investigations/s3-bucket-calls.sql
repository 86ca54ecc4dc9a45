-- s3, for a bucket the store holds no data event of: the calls on the bucket itself (S3 management events naming it:
-- GetBucketLocation, GetBucketPolicy, GetBucketAcl, PutBucketPolicy...) in the window, --actor/--ip applied, per
-- principal: who looked at or changed the bucket, the only trace of someone who may have read its objects unseen.
-- AWS services' calls (Config, Access Analyzer...) are counted like any principal's, under their invokedBy name.
SELECT coalesce(principal_arn, user_name, identity_type, '(unknown)') AS principal,
       count(*) AS calls,
       count(*) FILTER (WHERE error_code IS NOT NULL) AS errors,
       list_sort(list(DISTINCT event_name)) AS call_names,
       list_sort(list(DISTINCT source_ip) FILTER (WHERE source_ip IS NOT NULL)) AS ips,
       min(event_time) AS first_call,
       max(event_time) AS last_call
FROM events
WHERE event_source = 's3.amazonaws.com' AND event_category = 'Management'
  AND list_has_any(resources, [$bucket, $bucket_arn]) AND {{window}} AND {{filters}}
GROUP BY ALL
ORDER BY calls DESC, principal
