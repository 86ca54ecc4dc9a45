-- s3: the bytes each object call moved (additionalEventData.bytesTransferredOut/In), read from the raw records when
-- at most $bytes_limit calls match (each is a raw record to read); otherwise none, and the answer says so. A call
-- with an errorCode moved no object: the bytes it records are S3's error response (AccessDenied's few hundred
-- bytes), counted as 0 (none when the record gives none), never as bytes read out of the bucket.
-- The records are decoded in the raw chunks' order (in the calls' order each would decompress its chunk again), in an
-- aggregate over the sorted rows (DuckDB's optimizer would push a projection below the ORDER BY).
CREATE OR REPLACE TEMP TABLE tk_bytes AS
WITH calls AS MATERIALIZED (
    SELECT call_id, raw_chunk, raw_offset, raw_length, raw_inline, error_code
    FROM tk_scope
    WHERE (SELECT count(*) FROM tk_scope) <= $bytes_limit
    ORDER BY raw_chunk, raw_offset
), detail AS (
    SELECT call_id, any_value(error_code) AS error_code,
           any_value(CAST(coalesce(raw_inline, tk_record(raw_chunk, raw_offset, raw_length)) AS JSON)) AS record
    FROM calls
    GROUP BY call_id
)
SELECT call_id,
       TRY_CAST(record->>'$.additionalEventData.bytesTransferredOut' AS BIGINT) * (error_code IS NULL)::INT AS bytes_out,
       TRY_CAST(record->>'$.additionalEventData.bytesTransferredIn' AS BIGINT) * (error_code IS NULL)::INT AS bytes_in
FROM detail
