-- key / actor, object_changes: the S3 objects the subject and the sessions it issued (subject-calls.sql) deleted or
-- wrote with a key the caller provided (SSE-C), counted per bucket, region and change, with the first and last call
-- and the addresses: S3 data events, which the created list (management calls) leaves out, while they are what an
-- intruder's key destroys with (a DeleteObjects empties a backup; each object copied onto itself with SSE-C is a
-- bucket encrypted for ransom). Successful calls only. The changes: deleted (DeleteObject: one object, or one version
-- of it); multi-object delete (DeleteObjects: up to 1,000 objects, its record names the bucket only); written with
-- SSE-C (PutObject, CopyObject, CreateMultipartUpload: customer-key-write.sql; copied_onto_themselves:
-- copied-onto-itself.sql; both read by subject-s3-records.sql); writes not read: more than $key_limit successful
-- writes, whose raw records would each be read, so whether they used such a key was not looked at (counted per bucket,
-- said so). The bucket is the one in the
-- record's S3 ARNs (resources[]: the bucket's, or an object's bucket/key), a write's from its request.
WITH calls AS MATERIALIZED (
    SELECT event_time, aws_region, event_name, source_ip, record_hash, raw_chunk, raw_offset, raw_length, raw_inline,
           coalesce(regexp_extract(list_filter(resources, lambda x: regexp_matches(x, '^arn:aws[a-z-]*:s3:::'))[1],
                                   ':s3:::([^/]+)', 1), '(bucket not recorded)') AS bucket
    FROM {{subject_calls}} AS subject
    WHERE event_source = 's3.amazonaws.com' AND event_category = 'Data' AND error_code IS NULL
      AND event_name IN ('DeleteObject', 'DeleteObjects', 'PutObject', 'CopyObject', 'CreateMultipartUpload')
), writes AS MATERIALIZED (
    SELECT * FROM calls WHERE NOT starts_with(event_name, 'Delete')
), detail AS (
    -- the records subject-s3-records.sql decoded (in raw chunk order, once for object_reads and object_changes)
    SELECT w.event_time, w.aws_region, w.event_name, w.source_ip, w.bucket, r.bucket_name, r.customer_key, r.in_place
    FROM writes w JOIN tk_subject_s3_records r USING (record_hash)
    WHERE (SELECT count(*) FROM writes) <= $key_limit
), changes AS (
    SELECT bucket, aws_region, CASE event_name WHEN 'DeleteObjects' THEN 'multi-object delete' ELSE 'deleted' END
               AS change, event_time, source_ip, false AS in_place
    FROM calls
    WHERE starts_with(event_name, 'Delete')
    UNION ALL
    SELECT coalesce(bucket_name, bucket), aws_region, 'written with SSE-C', event_time, source_ip, in_place
    FROM detail
    WHERE customer_key
    UNION ALL
    SELECT bucket, aws_region, 'writes not read', event_time, source_ip, false
    FROM writes
    WHERE (SELECT count(*) FROM writes) > $key_limit
)
SELECT bucket,
       aws_region AS region,
       change,
       count(*) AS calls,
       count(*) FILTER (WHERE in_place) AS copied_onto_themselves,
       min(event_time) AS first_call,
       max(event_time) AS last_call,
       list_sort(list(DISTINCT source_ip) FILTER (WHERE source_ip IS NOT NULL)) AS ips
FROM changes
GROUP BY ALL
ORDER BY bucket, region, change
