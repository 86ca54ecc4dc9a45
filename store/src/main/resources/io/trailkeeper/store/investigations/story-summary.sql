-- summary: first and last call, counts, the regions.
SELECT count(*) AS events,
       min(event_time) AS first_call,
       max(event_time) AS last_call,
       count(*) FILTER (WHERE error_code IS NOT NULL) AS errors,
       list_sort(list_distinct(list(aws_region))) AS regions,
       count(DISTINCT source_ip) AS ips,
       count(DISTINCT user_agent) AS user_agents,
       count(DISTINCT access_key_id) AS keys,
       count(DISTINCT coalesce(principal_arn, user_name)) AS principals,
       count(DISTINCT event_name) AS calls
FROM tk_scope
