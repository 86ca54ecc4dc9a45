-- s3 / by_ip: where the object calls came from, most calls first.
SELECT s.source_ip,
       count(*) FILTER (WHERE s.read_only AND NOT starts_with(s.event_name, 'Delete')) AS reads,
       count(*) FILTER (WHERE NOT s.read_only AND NOT starts_with(s.event_name, 'Delete')) AS writes,
       count(*) FILTER (WHERE starts_with(s.event_name, 'Delete')) AS deletes,
       CAST(sum(b.bytes_out) AS BIGINT) AS bytes_out,
       CAST(sum(b.bytes_in) AS BIGINT) AS bytes_in,
       list_sort(list_distinct(list(coalesce(s.principal_arn, s.user_name, s.identity_type))))[1:10] AS some_principals,
       min(s.event_time) AS first_call,
       max(s.event_time) AS last_call
FROM tk_scope s LEFT JOIN tk_bytes b USING (call_id)
GROUP BY ALL
ORDER BY reads + writes + deletes DESC, source_ip
LIMIT $row_cap
