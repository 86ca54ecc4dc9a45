-- s3: the bucket's object calls (S3 data events naming the bucket or its ARN) in the window, with --actor/--ip
-- applied, in one pass and with only the columns the s3 sections read: a busy bucket's calls are everywhere in the
-- store, so fetching them by row id afterwards would read every part of the table a second time.
CREATE OR REPLACE TEMP TABLE tk_scope AS
SELECT event_time, aws_region, event_name, identity_type, principal_arn, user_name, access_key_id, source_ip,
       error_code, read_only, resources, record_hash, raw_chunk, raw_offset, raw_length, raw_inline
FROM events
WHERE event_category = 'Data' AND event_source = 's3.amazonaws.com' AND {{window}}
  AND list_has_any(resources, [$bucket, $bucket_arn]) AND {{filters}}
