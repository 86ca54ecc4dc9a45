-- s3 / operations: per call: whether it reads, writes or deletes, how often, by how many principals and IPs, and
-- the bytes moved (null when they were not read; see s3-bytes-scope.sql).
SELECT s.event_name AS call,
       s.kind,
       count(*) AS events,
       count(*) FILTER (WHERE s.error_code IS NOT NULL) AS errors,
       count(DISTINCT coalesce(s.principal_arn, s.user_name, s.identity_type)) AS principals,
       count(DISTINCT s.source_ip) AS ips,
       CAST(sum(b.bytes_out) AS BIGINT) AS bytes_out,
       CAST(sum(b.bytes_in) AS BIGINT) AS bytes_in,
       min(s.event_time) AS first_call,
       max(s.event_time) AS last_call
FROM tk_scope s LEFT JOIN tk_bytes b USING (call_id)
GROUP BY ALL
ORDER BY events DESC, call
