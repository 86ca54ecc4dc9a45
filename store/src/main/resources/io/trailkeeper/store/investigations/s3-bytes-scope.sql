-- s3: the bytes each object call moved (additionalEventData.bytesTransferredOut/In), read from the raw records when
-- at most $bytes_limit calls match (each is a raw record to read); otherwise none, and the answer says so.
CREATE OR REPLACE TEMP TABLE tk_bytes AS
WITH calls AS MATERIALIZED (
    SELECT call_id, raw_chunk, raw_offset, raw_length, raw_inline
    FROM tk_scope
    WHERE (SELECT count(*) FROM tk_scope) <= $bytes_limit
), detail AS (
    SELECT call_id, CAST(coalesce(raw_inline, tk_record(raw_chunk, raw_offset, raw_length)) AS JSON) AS record FROM calls
)
SELECT call_id,
       TRY_CAST(record->>'$.additionalEventData.bytesTransferredOut' AS BIGINT) AS bytes_out,
       TRY_CAST(record->>'$.additionalEventData.bytesTransferredIn' AS BIGINT) AS bytes_in
FROM detail
