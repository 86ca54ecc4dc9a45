-- resource_region, for a trail named without an ARN: a successful DeleteTrail or UpdateTrail of it was recorded in its
-- home region, as CloudTrail takes those calls only there ("must be called from the Region in which the trail was
-- created"); the latest one.
SELECT aws_region, event_name
FROM tk_scope
WHERE event_source = 'cloudtrail.amazonaws.com' AND event_name IN ('DeleteTrail', 'UpdateTrail')
  AND error_code IS NULL AND aws_region IS NOT NULL
ORDER BY event_time DESC, record_hash
LIMIT 1
