-- ips: source IPs (or the AWS service that called), most calls first.
SELECT source_ip,
       count(*) AS events,
       count(*) FILTER (WHERE error_code IS NOT NULL) AS errors,
       list_sort(list_distinct(list(aws_region))) AS regions,
       count(DISTINCT user_agent) AS user_agents,
       min(event_time) AS first_call,
       max(event_time) AS last_call
FROM tk_scope
GROUP BY ALL
ORDER BY events DESC, source_ip
LIMIT $row_cap
