-- resource_region, when no CreateBucket tells: the Host of successful S3 requests naming the bucket in
-- [$near_from, $near_to] (a regional endpoint such as bucket.s3.ap-northeast-1.amazonaws.com names the bucket's
-- region), not the destructive ones: a CLI set to another region sends those to its own region's endpoint. The
-- latest 20 only: each is a raw record.
WITH recent AS MATERIALIZED (
    SELECT aws_region, raw_chunk, raw_offset, raw_length, raw_inline
    FROM events
    WHERE event_source = 's3.amazonaws.com' AND error_code IS NULL AND list_contains(resources, $bucket)
      AND event_time BETWEEN $near_from AND $near_to AND NOT {{destructive}}
    ORDER BY event_time DESC NULLS LAST, record_hash
    LIMIT 20
), detail AS (
    SELECT aws_region, tk_json(coalesce(raw_inline, tk_record(raw_chunk, raw_offset, raw_length))) AS record FROM recent
)
SELECT aws_region AS recorded_in,
       coalesce(record->>'$.requestParameters.Host', record->>'$.requestParameters.host') AS host
FROM detail
