-- Fragment (in place of customer-key-detail.sql, in the s3 investigation): what s3-bytes-scope.sql read of each
-- successful object write, when at most $key_limit, in its one pass over the bucket's raw records.
SELECT w.principal_arn, w.user_name, w.identity_type, w.event_name, w.source_ip, w.event_time, b.customer_key,
       b.in_place
FROM writes w JOIN tk_bytes b USING (call_id)
WHERE (SELECT count(*) FROM writes) <= $key_limit
