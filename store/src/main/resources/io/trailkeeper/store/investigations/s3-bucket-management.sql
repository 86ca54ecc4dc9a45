-- s3 / bucket_management: the management calls naming the bucket (s3-management-find.sql), grouped by call, result
-- and principal, oldest first.
SELECT event_name AS call,
       coalesce(error_code, 'success') AS result,
       coalesce(principal_arn, user_name, identity_type) AS principal,
       list_sort(list_distinct(list(aws_region))) AS recorded_in,
       count(*) AS events,
       min(event_time) AS first_call,
       max(event_time) AS last_call
FROM events
WHERE rowid IN (SELECT rid FROM tk_management)
GROUP BY ALL
ORDER BY first_call NULLS LAST, call, result, principal
LIMIT $row_cap
