-- actor / keys: the access keys the matching principals used.
SELECT access_key_id,
       identity_type,
       coalesce(principal_arn, user_name, identity_type) AS principal,
       count(*) AS events,
       list_sort(list_distinct(list(aws_region))) AS regions,
       min(event_time) AS first_call,
       max(event_time) AS last_call
FROM tk_scope
WHERE access_key_id IS NOT NULL
GROUP BY ALL
ORDER BY first_call NULLS LAST, access_key_id, principal, identity_type
LIMIT $row_cap
