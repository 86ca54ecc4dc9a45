-- s3: the bytes each object call moved (additionalEventData.bytesTransferredOut/In), read from the raw records when
-- at most $bytes_limit calls match (each is a raw record to read); otherwise none, and the answer says so. A call
-- with an errorCode moved no object: the bytes it records are S3's error response (AccessDenied's few hundred
-- bytes), counted as 0 (none when the record gives none), never as bytes read out of the bucket.
-- In the same pass, for s3-customer-key.sql (customer-key-scope.sql), whether each successful object write
-- (PutObject, CopyObject, CreateMultipartUpload), when at most $key_limit, was made with a key the caller provided
-- (customer-key-write.sql) and onto itself (copied-onto-itself.sql): read apart, the writes' raw chunks were
-- decompressed again. A call none of this reads has no row.
-- The records are decoded in the raw chunks' order (in the calls' order each would decompress its chunk again), in an
-- aggregate over the sorted rows (DuckDB's optimizer would push a projection below the ORDER BY).
CREATE OR REPLACE TEMP TABLE tk_bytes AS
WITH scope AS MATERIALIZED (
    SELECT call_id, event_name, raw_chunk, raw_offset, raw_length, raw_inline, error_code,
           (SELECT count(*) FROM tk_scope) <= $bytes_limit AS summed,
           error_code IS NULL AND event_name IN ('PutObject', 'CopyObject', 'CreateMultipartUpload') AS is_write
    FROM tk_scope
), calls AS MATERIALIZED (
    SELECT * FROM scope
    WHERE summed OR is_write AND (SELECT count(*) FROM scope WHERE is_write) <= $key_limit
), detail AS (
    SELECT call_id, any_value(event_name) AS event_name, any_value(error_code) AS error_code,
           any_value(summed) AS summed, any_value(is_write) AS is_write,
           any_value(tk_json(coalesce(raw_inline, tk_record(raw_chunk, raw_offset, raw_length)))) AS record
    FROM (SELECT * FROM calls ORDER BY raw_chunk, raw_offset)
    GROUP BY call_id
)
SELECT call_id,
       CASE WHEN summed THEN TRY_CAST(record->>'$.additionalEventData.bytesTransferredOut' AS BIGINT)
                             * (error_code IS NULL)::INT END AS bytes_out,
       CASE WHEN summed THEN TRY_CAST(record->>'$.additionalEventData.bytesTransferredIn' AS BIGINT)
                             * (error_code IS NULL)::INT END AS bytes_in,
       is_write AND coalesce({{customer_key_write}}, false) AS customer_key,
       is_write AND coalesce({{copied_onto_itself}}, false) AS in_place
FROM detail
