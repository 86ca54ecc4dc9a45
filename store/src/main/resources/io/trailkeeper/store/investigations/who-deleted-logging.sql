-- who-deleted, after the fetch: a PutBucketLogging that turns a bucket's server access logging on, or points it to
-- another bucket, destroys nothing and is dropped (bucket-logging-kept.sql); one that switches it off stays (the logs
-- recorded every request to the bucket, reads no data event selector logs included).
DELETE FROM tk_scope
WHERE {{bucket_logging_kept}}
