-- regions / by_region_day: events and errors per region and day.
SELECT aws_region AS region, day, CAST(sum(events) AS BIGINT) AS events, CAST(sum(errors) AS BIGINT) AS errors
FROM tk_scope
GROUP BY ALL
ORDER BY region, day NULLS LAST
