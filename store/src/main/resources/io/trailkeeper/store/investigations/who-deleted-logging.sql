-- who-deleted, after the fetch: a PutBucketLogging that turns a bucket's server access logging on, or points it to
-- another bucket, destroys nothing and is dropped; one that switches it off stays (the logs recorded every request to
-- the bucket, reads no data event selector logs included). S3 records switching off as a BucketLoggingStatus without
-- LoggingEnabled ({"xmlns": ...}, {} or none at all), as the rule s3_server_access_logging_disabled reads it. The
-- record is read for those calls only.
DELETE FROM tk_scope
WHERE event_name = 'PutBucketLogging'
  AND json_exists(CAST(coalesce(raw_inline, tk_record(raw_chunk, raw_offset, raw_length)) AS JSON),
          '$.requestParameters.BucketLoggingStatus.LoggingEnabled')
