-- calls: services and calls, most first.
SELECT event_source AS service,
       event_name AS call,
       count(*) AS events,
       count(*) FILTER (WHERE error_code IS NOT NULL) AS errors,
       list_sort(list_distinct(list(aws_region))) AS regions,
       min(event_time) AS first_call,
       max(event_time) AS last_call
FROM tk_scope
GROUP BY ALL
ORDER BY events DESC, service, call
LIMIT $row_cap
