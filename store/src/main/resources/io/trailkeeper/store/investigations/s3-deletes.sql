-- s3 / deletes: each object delete, oldest first, with the objects it names. Calls of the same second are ordered by
-- what is shown, so that the order is the same whether a call is read from the store or from the lake. The bucket's
-- own ARN is left out in every partition (arn:aws:, arn:aws-us-gov:, arn:aws-cn:s3:::bucket).
SELECT event_time,
       aws_region AS region,
       event_name AS call,
       list_filter(resources, lambda x: x <> $bucket
           AND NOT (starts_with(x, 'arn:aws') AND ends_with(x, ':s3:::' || $bucket))) AS objects,
       coalesce(error_code, 'success') AS result,
       coalesce(principal_arn, user_name, identity_type) AS principal,
       access_key_id,
       source_ip
FROM tk_scope
WHERE kind = 'delete'
ORDER BY event_time NULLS LAST, call, objects, result, principal, access_key_id, source_ip, region, call_id
LIMIT $row_cap
