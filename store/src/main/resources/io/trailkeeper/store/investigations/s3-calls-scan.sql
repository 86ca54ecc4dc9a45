-- Fragment (s3-scope.sql): the bucket's object calls (S3 data and network activity events naming the bucket or its
-- ARN), read from the events (a store from before schema 11, opened for reading only, or one listed under an older
-- definition, has no list of them), with the same ids and columns as s3-calls-listed.sql gives.
SELECT CASE WHEN rowid < 0 THEN rowid ELSE raw_chunk * 4294967296 + raw_offset END AS call_id, event_time,
       aws_region, event_name, identity_type, principal_arn, user_name, access_key_id, source_ip, error_code,
       read_only, CASE WHEN starts_with(event_name, 'Delete') THEN resources END AS resources,
       raw_chunk, raw_offset, raw_length, raw_inline, event_category
FROM events
WHERE {{s3_listed_call}} AND {{window}} AND list_has_any(resources, [$bucket, $bucket_arn]) AND {{filters}}
