-- s3 / by_principal: who read, wrote and deleted objects, most calls first.
SELECT coalesce(s.principal_arn, s.user_name, s.identity_type) AS principal,
       count(*) FILTER (WHERE s.read_only AND NOT starts_with(s.event_name, 'Delete')) AS reads,
       count(*) FILTER (WHERE NOT s.read_only AND NOT starts_with(s.event_name, 'Delete')) AS writes,
       count(*) FILTER (WHERE starts_with(s.event_name, 'Delete')) AS deletes,
       count(*) FILTER (WHERE s.error_code IS NOT NULL) AS errors,
       CAST(sum(b.bytes_out) AS BIGINT) AS bytes_out,
       CAST(sum(b.bytes_in) AS BIGINT) AS bytes_in,
       list_sort(list_distinct(list(s.access_key_id))) AS access_keys,
       list_sort(list_distinct(list(s.source_ip)))[1:10] AS some_ips,
       min(s.event_time) AS first_call,
       max(s.event_time) AS last_call
FROM tk_scope s LEFT JOIN tk_bytes b USING (call_id)
GROUP BY ALL
ORDER BY reads + writes + deletes DESC, principal
LIMIT $row_cap
