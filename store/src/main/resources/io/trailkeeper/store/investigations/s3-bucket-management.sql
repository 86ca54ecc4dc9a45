-- s3 / bucket_management: management calls naming the bucket in the window (policy, ACL, lifecycle, encryption,
-- versioning, its creation and deletion...), grouped by call, result and principal, oldest first.
SELECT event_name AS call,
       coalesce(error_code, 'success') AS result,
       coalesce(principal_arn, user_name, identity_type) AS principal,
       list_sort(list_distinct(list(aws_region))) AS recorded_in,
       count(*) AS events,
       min(event_time) AS first_call,
       max(event_time) AS last_call
FROM events
WHERE event_source = 's3.amazonaws.com' AND event_category IS DISTINCT FROM 'Data' AND {{window}}
  AND list_has_any(resources, [$bucket, $bucket_arn]) AND {{filters}}
GROUP BY ALL
ORDER BY first_call NULLS LAST, call, result, principal
LIMIT $row_cap
