-- s3 / deletes: each object delete, oldest first, with the objects it names. Calls of the same second are ordered by
-- what is shown, so that the order is the same whether a call is read from the store or from the lake.
SELECT event_time,
       aws_region AS region,
       event_name AS call,
       list_filter(resources, lambda x: x <> $bucket AND x <> $bucket_arn) AS objects,
       coalesce(error_code, 'success') AS result,
       coalesce(principal_arn, user_name, identity_type) AS principal,
       access_key_id,
       source_ip
FROM tk_scope
WHERE kind = 'delete'
ORDER BY event_time NULLS LAST, call, objects, result, principal, access_key_id, source_ip, region, call_id
LIMIT $row_cap
