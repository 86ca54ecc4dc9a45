-- regions: calls per region that recorded them.
SELECT aws_region AS region,
       count(*) AS events,
       count(*) FILTER (WHERE error_code IS NOT NULL) AS errors,
       count(DISTINCT source_ip) AS ips,
       min(event_time) AS first_call,
       max(event_time) AS last_call
FROM tk_scope
GROUP BY ALL
ORDER BY events DESC, region
