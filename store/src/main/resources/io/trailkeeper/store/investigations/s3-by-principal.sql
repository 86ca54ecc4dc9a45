-- s3 / by_principal: who read, wrote and deleted objects, most calls first. A call with an errorCode (AccessDenied)
-- read, wrote or deleted nothing: it counts as a failed read, write or delete, not as a read, write or delete.
SELECT coalesce(s.principal_arn, s.user_name, s.identity_type) AS principal,
       count(*) FILTER (WHERE s.error_code IS NULL AND s.kind = 'read') AS reads,
       count(*) FILTER (WHERE s.error_code IS NULL AND s.kind = 'write') AS writes,
       count(*) FILTER (WHERE s.error_code IS NULL AND s.kind = 'delete') AS deletes,
       count(*) FILTER (WHERE s.error_code IS NOT NULL AND s.kind = 'read') AS failed_reads,
       count(*) FILTER (WHERE s.error_code IS NOT NULL AND s.kind = 'write') AS failed_writes,
       count(*) FILTER (WHERE s.error_code IS NOT NULL AND s.kind = 'delete') AS failed_deletes,
       CAST(sum(b.bytes_out) AS BIGINT) AS bytes_out,
       CAST(sum(b.bytes_in) AS BIGINT) AS bytes_in,
       list_sort(list_distinct(list(s.access_key_id))) AS access_keys,
       list_sort(list_distinct(list(s.source_ip)))[1:10] AS some_ips,
       min(s.event_time) AS first_call,
       max(s.event_time) AS last_call
FROM tk_scope s
    LEFT JOIN tk_bytes b USING (call_id)
GROUP BY ALL
ORDER BY count(*) DESC, principal
LIMIT $row_cap
