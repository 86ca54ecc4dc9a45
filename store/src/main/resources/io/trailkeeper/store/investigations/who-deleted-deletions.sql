-- who-deleted / deletions: each call, oldest first, with who (principal, key, session issuer, MFA, the service that
-- called for it), from where (IP, user agent), the result, the region that recorded it, and the request parameters
-- naming the resource. MFA, the error message and the request's
-- Host come from the raw record, read for the rows shown only.
WITH shown AS MATERIALIZED (
    SELECT * FROM tk_scope ORDER BY event_time NULLS LAST, event_name, record_hash LIMIT $row_cap
), detail AS (
    SELECT *, tk_json(coalesce(raw_inline, tk_record(raw_chunk, raw_offset, raw_length))) AS record FROM shown
)
SELECT event_time,
       aws_region AS recorded_in,
       event_name,
       CASE WHEN event_name = 'StopLogging' THEN 'stops the trail recording'
            WHEN starts_with(event_name, 'PutBucketLifecycle') THEN 'may expire (delete) objects'
            WHEN event_name = 'ScheduleKeyDeletion' THEN 'deletes the key after the waiting period'
            WHEN event_name = 'DisableKey' THEN 'makes what the key encrypted unreadable'
            WHEN event_name = 'PutRetentionPolicy' THEN 'deletes log events older than the retention'
            WHEN event_name = 'PutBucketLogging' THEN 'switches off the server access logs (the record of its reads)'
            WHEN event_name = 'PutBucketVersioning' THEN 'stops keeping versions: overwrites and deletes cannot be undone'
            WHEN starts_with(event_name, 'Terminate') THEN 'terminates'
            WHEN starts_with(event_name, 'Remove') THEN 'removes'
            WHEN starts_with(event_name, 'Deregister') THEN 'deregisters'
            WHEN {{unkeyed_delete}} THEN 'may have deleted it (the record names the bucket, not the keys)'
            ELSE 'deletes' END AS effect,
       coalesce(error_code, 'success') AS result,
       record->>'$.errorMessage' AS error_message,
       coalesce(principal_arn, user_name, identity_type) AS principal,
       identity_type,
       access_key_id,
       session_issuer_arn,
       record->>'$.userIdentity.sessionContext.attributes.mfaAuthenticated' AS mfa,
       source_ip,
       user_agent,
       -- a service that made the call for the principal (CloudFormation deleting a stack's resources)
       record->>'$.userIdentity.invokedBy' AS invoked_by,
       list_filter(resources, lambda x: x = $subject OR ends_with(x, $arn_suffix) OR ends_with(x, $path_suffix)
           OR ($is_prefix AND starts_with(x, $s3_prefix)) OR ($is_prefix AND starts_with(x, $key_prefix))
           OR ($name <> '' AND x = $name AND event_source = $name_source)) AS names,
       -- the request parameters that give the name (roleName, userName, bucketName): what kind of resource it is
       -- when a bare name is shared (a role and a user called Admin)
       list_filter(json_keys(record, '$.requestParameters'),
           lambda k: json_extract_string(record -> '$.requestParameters', '/' || k) IN ($subject, $name)
               AND json_extract_string(record -> '$.requestParameters', '/' || k) <> '') AS named_as,
       coalesce(record->>'$.requestParameters.Host', record->>'$.requestParameters.host') AS host,
       event_source,
       record->>'$.eventID' AS event_id,
       -- the VPC endpoints whose network activity events record this same request (who-deleted-same-request.sql)
       (SELECT list_sort(list(DISTINCT coalesce(t.vpc_endpoint_id, '(endpoint not recorded)'))) FROM tk_same_request t
        WHERE t.kept = detail.record_hash) AS through_endpoint
FROM detail
ORDER BY event_time NULLS LAST, event_name, record_hash
