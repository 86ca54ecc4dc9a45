-- Fragment (s3-scope.sql): the bucket's object calls (data and network activity events, s3-listed-call.sql) from the
-- store's list of them (s3_object_calls, written with the events, one row for each name a call's resources hold that
-- can be a bucket's), and those of the lake's rows (row id below 0; a lake's rows are not listed), tested as in
-- s3-calls-scan.sql. A busy bucket's calls lie in every part of the events table: reading them there reads every part
-- of it, the list is a tenth of its size or less. Objects are
-- listed for deletes only. The list keeps no source identity: {{listed_person}} gives it, from the events, only when
-- --actor is a text that may name the person behind a session (else NULL), so that --actor tests what query --user does;
-- nor the account that recorded it, which person.sql asks only of an IAM user's calls recorded without an ARN (S3
-- records a user's object calls with it).
SELECT raw_chunk * 4294967296 + raw_offset AS call_id, event_time, aws_region, event_name, identity_type,
       principal_arn, user_name, access_key_id, source_ip, error_code, read_only, resources,
       raw_chunk, raw_offset, raw_length, CAST(NULL AS VARCHAR) AS raw_inline, event_category
FROM (
    SELECT *, {{listed_person}} AS source_identity, CAST(NULL AS VARCHAR) AS recipient_account_id
    FROM s3_object_calls c
    WHERE bucket = $bucket AND {{window}}
)
WHERE {{filters}}
UNION ALL
SELECT rowid AS call_id, event_time, aws_region, event_name, identity_type,
       principal_arn, user_name, access_key_id, source_ip, error_code, read_only,
       CASE WHEN starts_with(event_name, 'Delete') THEN resources END AS resources,
       raw_chunk, raw_offset, raw_length, raw_inline, event_category
FROM events
WHERE rowid < 0 AND {{s3_listed_call}} AND {{window}} AND list_has_any(resources, [$bucket, $bucket_arn])
  AND {{filters}}
