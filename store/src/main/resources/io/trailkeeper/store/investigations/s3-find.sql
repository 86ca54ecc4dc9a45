-- s3, first step: the bucket's object calls (S3 data events naming the bucket or its ARN) in the window, with
-- --actor/--ip applied.
CREATE OR REPLACE TEMP TABLE tk_ids AS
SELECT rowid AS rid
FROM events
WHERE event_category = 'Data' AND event_source = 's3.amazonaws.com' AND {{window}}
  AND list_has_any(resources, [$bucket, $bucket_arn]) AND {{filters}}
