-- Fragment (story-object-reads.sql, report-data-reads.sql): per reader (object_reader: one for key and actor, each
-- principal for the report) and bucket, the S3 objects the subject and the sessions it issued (subject-calls.sql) read
-- (GetObject data events that succeeded), the bytes they carried out (additionalEventData.bytesTransferredOut), the
-- reads refused, the other object calls (HeadObject, ListObjects...), and the calls on the bucket itself (management
-- events: GetBucketLocation, GetBucketPolicy, ListObjects is a data event): data theft is told by data events, which
-- the created list and the calls table count with everything else. data_events_logged: whether the store holds any S3
-- data event of the bucket at all (anyone's, any time); where it holds none, a subject that looked at the bucket may
-- have read every object in it unseen, and the note says that this cannot be told rather than that nothing was read.
-- Bytes are read from the raw records when at most $bytes_limit reads of the reader match (object-read-bytes.sql; key
-- and actor: object-read-bytes-decoded.sql); else NULL and the note says so. bytes_read: whether they were read, so
-- that a NULL of records that carry no bytesTransferredOut is not told as bytes not summed. The bucket is the one the record's S3
-- ARNs name.
WITH s3 AS MATERIALIZED (
    SELECT {{object_reader}} AS reader, event_time, aws_region, event_name, event_category, source_ip, error_code,
           record_hash, raw_chunk, raw_offset, raw_length, raw_inline,
           regexp_extract(list_filter(resources, lambda x: regexp_matches(x, '^arn:aws[a-z-]*:s3:::'))[1],
                          ':s3:::([^/]+)', 1) AS bucket
    FROM {{subject_calls}} AS subject
    WHERE event_source = 's3.amazonaws.com' AND event_category IN ('Data', 'Management')
), touched AS MATERIALIZED (
    SELECT *, event_category = 'Data' AND event_name = 'GetObject' AS is_get FROM s3 WHERE bucket <> ''
), gets AS MATERIALIZED (
    SELECT reader, bucket, record_hash, raw_chunk, raw_offset, raw_length, raw_inline,
           count(*) OVER (PARTITION BY reader) AS reads
    FROM touched
    WHERE is_get AND error_code IS NULL
), bytes AS {{object_read_bytes}}, logged AS (
    SELECT t.bucket
    FROM (SELECT DISTINCT bucket FROM touched) t
    WHERE EXISTS (SELECT 1 FROM events WHERE {{s3_object_call}}
                                         AND list_has_any(resources, [t.bucket, 'arn:aws:s3:::' || t.bucket]))
)
SELECT t.reader,
       t.bucket,
       list_sort(list(DISTINCT t.aws_region)) AS regions,
       count(*) FILTER (WHERE t.is_get AND t.error_code IS NULL) AS objects_read,
       any_value(b.bytes_out) AS bytes_out,
       any_value(b.bucket IS NOT NULL) AS bytes_read,
       count(*) FILTER (WHERE t.is_get AND t.error_code IS NOT NULL) AS refused_reads,
       count(*) FILTER (WHERE t.event_category = 'Data' AND NOT t.is_get) AS other_object_calls,
       count(*) FILTER (WHERE t.event_category = 'Management') AS bucket_calls,
       list_sort(list(DISTINCT t.event_name) FILTER (WHERE t.event_category = 'Management')) AS bucket_call_names,
       any_value(l.bucket IS NOT NULL) AS data_events_logged,
       min(t.event_time) FILTER (WHERE t.is_get AND t.error_code IS NULL) AS first_read,
       max(t.event_time) FILTER (WHERE t.is_get AND t.error_code IS NULL) AS last_read,
       min(t.event_time) AS first_call,
       max(t.event_time) AS last_call,
       list_sort(list(DISTINCT t.source_ip) FILTER (WHERE t.source_ip IS NOT NULL)) AS ips
FROM touched t LEFT JOIN bytes b ON b.reader IS NOT DISTINCT FROM t.reader AND b.bucket = t.bucket
     LEFT JOIN logged l ON l.bucket = t.bucket
GROUP BY t.reader, t.bucket
