-- regions / by_region_day: events and errors per region and day.
SELECT aws_region AS region, day, CAST(events AS BIGINT) AS events, CAST(errors AS BIGINT) AS errors
FROM tk_scope
ORDER BY region, day NULLS LAST
