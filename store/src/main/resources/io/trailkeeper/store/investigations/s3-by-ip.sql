-- s3 / by_ip: where the object calls came from, most calls first; failed calls (an errorCode) apart, as in
-- s3-by-principal.sql.
SELECT s.source_ip,
       count(*) FILTER (WHERE s.error_code IS NULL AND s.kind = 'read') AS reads,
       count(*) FILTER (WHERE s.error_code IS NULL AND s.kind = 'write') AS writes,
       count(*) FILTER (WHERE s.error_code IS NULL AND s.kind = 'delete') AS deletes,
       count(*) FILTER (WHERE s.error_code IS NOT NULL AND s.kind = 'read') AS failed_reads,
       count(*) FILTER (WHERE s.error_code IS NOT NULL AND s.kind = 'write') AS failed_writes,
       count(*) FILTER (WHERE s.error_code IS NOT NULL AND s.kind = 'delete') AS failed_deletes,
       CAST(sum(b.bytes_out) AS BIGINT) AS bytes_out,
       CAST(sum(b.bytes_in) AS BIGINT) AS bytes_in,
       list_sort(list_distinct(list(coalesce(s.principal_arn, s.user_name, s.identity_type))))[1:10] AS some_principals,
       min(s.event_time) AS first_call,
       max(s.event_time) AS last_call
FROM tk_scope s
    LEFT JOIN tk_bytes b USING (call_id)
GROUP BY ALL
ORDER BY count(*) DESC, source_ip
LIMIT $row_cap
