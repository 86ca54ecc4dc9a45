-- who-deleted of a bucket, after the deletions: how many of its objects' deletes the window holds: S3 data events
-- (DeleteObject, DeleteObjects), and apart the network activity events of DeleteObject* (calls through a VPC endpoint;
-- the same call is a data event too only where a data event selector logs it), with those the endpoint's policy denied
-- (VpceAccessDenied: they never reached S3). They are not the bucket's deletion (the s3 investigation lists them),
-- but a bucket emptied is a bucket's data gone: the answer says how many there are and where to look. And how many
-- object writes succeeded (data events that may have put a key the caller provided on them: s3-customer-key.sql), and
-- how many data events of the bucket it holds at all (none: whether objects were deleted cannot be told).
SELECT count(*) FILTER (WHERE deletes AND event_category = 'Data') AS deletes,
       count(*) FILTER (WHERE deletes AND event_category = 'Data' AND error_code IS NULL) AS succeeded,
       count(*) FILTER (WHERE deletes AND event_category = 'NetworkActivity') AS endpoint_deletes,
       count(*) FILTER (WHERE deletes AND event_category = 'NetworkActivity' AND error_code IS NULL)
           AS endpoint_succeeded,
       count(*) FILTER (WHERE deletes AND event_category = 'NetworkActivity' AND error_code = 'VpceAccessDenied')
           AS endpoint_denied,
       count(*) FILTER (WHERE writes AND error_code IS NULL) AS writes,
       count(*) FILTER (WHERE event_category = 'Data') AS data_events
FROM (
    SELECT event_category, error_code,
           starts_with(event_name, 'Delete') AND (event_category = 'Data' OR starts_with(event_name, 'DeleteObject'))
               AS deletes,
           event_category = 'Data' AND event_name IN ('PutObject', 'CopyObject', 'CreateMultipartUpload') AS writes
    FROM {{s3_calls}} AS calls
)
WHERE deletes OR event_category = 'Data'
