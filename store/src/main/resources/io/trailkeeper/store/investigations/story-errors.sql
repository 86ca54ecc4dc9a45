-- errors: failed calls by error code, most first.
SELECT error_code,
       count(*) AS events,
       count(DISTINCT event_name) AS calls,
       list_sort(list_distinct(list(event_name)))[1:10] AS some_calls,
       list_sort(list_distinct(list(aws_region))) AS regions,
       min(event_time) AS first_call,
       max(event_time) AS last_call
FROM tk_scope
WHERE error_code IS NOT NULL
GROUP BY ALL
ORDER BY events DESC, error_code
LIMIT $row_cap
