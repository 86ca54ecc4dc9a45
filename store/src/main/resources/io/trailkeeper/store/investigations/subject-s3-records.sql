-- key / actor: what object_reads and object_changes read of the raw records of the subject's and its sessions'
-- successful S3 object reads and writes (tk_subject_calls), decoded in one pass into tk_subject_s3_records: read apart,
-- each pass decompressed the same raw chunks again (a burst's reads and writes share their chunks: 587 chunks of 256 KB
-- twice for the 10,000 calls of one key). The reads are decoded when at most $bytes_limit (object-reads.sql's gets:
-- GetObject naming a bucket), the writes when at most $key_limit (story-object-changes.sql's writes); per record its
-- bytesTransferredOut, its request's bucket, and whether it was written with a key the caller provided
-- (customer-key-write.sql) onto itself (copied-onto-itself.sql). The records are decoded in the raw chunks' order, in
-- an aggregate above the sort (DuckDB's optimizer would push a projection below the ORDER BY).
CREATE OR REPLACE TEMP TABLE tk_subject_s3_records AS
WITH calls AS MATERIALIZED (
    SELECT record_hash, event_name, raw_chunk, raw_offset, raw_length, raw_inline, event_name = 'GetObject' AS is_get
    FROM tk_subject_calls
    WHERE event_source = 's3.amazonaws.com' AND event_category = 'Data' AND error_code IS NULL
      AND (event_name IN ('PutObject', 'CopyObject', 'CreateMultipartUpload')
           OR event_name = 'GetObject'
              AND regexp_extract(list_filter(resources, lambda x: regexp_matches(x, '^arn:aws[a-z-]*:s3:::'))[1],
                                 ':s3:::([^/]+)', 1) <> '')
), decoded AS MATERIALIZED (
    SELECT * FROM calls
    WHERE CASE WHEN is_get THEN (SELECT count(*) FROM calls WHERE is_get) <= $bytes_limit
               ELSE (SELECT count(*) FROM calls WHERE NOT is_get) <= $key_limit END
), detail AS (
    SELECT record_hash, any_value(event_name) AS event_name,
           any_value(tk_json(coalesce(raw_inline, tk_record(raw_chunk, raw_offset, raw_length)))) AS record
    FROM (SELECT * FROM decoded ORDER BY raw_chunk, raw_offset)
    GROUP BY record_hash
)
SELECT record_hash,
       TRY_CAST(record->>'$.additionalEventData.bytesTransferredOut' AS BIGINT) AS bytes_out,
       record->>'$.requestParameters.bucketName' AS bucket_name,
       coalesce({{customer_key_write}}, false) AS customer_key,
       coalesce({{copied_onto_itself}}, false) AS in_place
FROM detail
