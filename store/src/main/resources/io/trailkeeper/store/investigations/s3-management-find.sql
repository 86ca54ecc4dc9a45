-- s3: the management calls naming the bucket itself in the window (policy, ACL, lifecycle, its creation and
-- deletion...), found with the columns the test needs; s3-bucket-management.sql reads the rest for these only.
CREATE OR REPLACE TEMP TABLE tk_management AS
SELECT rowid AS rid
FROM events
WHERE event_source = 's3.amazonaws.com' AND event_category IS DISTINCT FROM 'Data' AND {{window}}
  AND list_has_any(resources, [$bucket, $bucket_arn]) AND {{filters}}
