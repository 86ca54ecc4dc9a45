-- resource_region, after the ARN: the bucket's successful CreateBucket, newest first, and its LocationConstraint
-- (no constraint means us-east-1): where a bucket was made is where it lives.
WITH created AS MATERIALIZED (
    SELECT event_time, record_hash, aws_region, raw_chunk, raw_offset, raw_length, raw_inline
    FROM events
    WHERE event_name = 'CreateBucket' AND error_code IS NULL AND list_contains(resources, $bucket)
    ORDER BY event_time DESC NULLS LAST, record_hash
    LIMIT 5
)
SELECT event_time,
       aws_region AS recorded_in,
       tk_json(coalesce(raw_inline, tk_record(raw_chunk, raw_offset, raw_length)))
           ->>'$.requestParameters.CreateBucketConfiguration.LocationConstraint' AS location_constraint
FROM created
ORDER BY event_time DESC NULLS LAST, record_hash
