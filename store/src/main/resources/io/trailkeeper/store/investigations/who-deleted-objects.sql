-- who-deleted of a bucket, after the deletions: how many of its objects' deletes (S3 data events: DeleteObject,
-- DeleteObjects) the window holds. They are not the bucket's deletion (the s3 investigation lists them), but a
-- bucket emptied is a bucket's data gone: the answer says how many there are and where to look.
SELECT count(*) AS deletes,
       count(*) FILTER (WHERE error_code IS NULL) AS succeeded
FROM {{s3_calls}}
WHERE starts_with(event_name, 'Delete')
