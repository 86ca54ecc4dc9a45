-- key / actor: the DynamoDB tables whose items the subject and its sessions read or wrote, from DynamoDB data events
-- (GetItem, Query, Scan, BatchGetItem, PutItem...: eventCategory Data), per table and call, refused calls apart. A table
-- whose data events the trail does not log is in no row: coverage says which tables the selectors logged.
SELECT coalesce(list_filter(resources, lambda x: starts_with(x, 'arn:') AND x LIKE '%:table/%')[1],
                resources[1]) AS table_arn,
       event_name AS call, count(*) FILTER (WHERE error_code IS NULL) AS calls,
       count(*) FILTER (WHERE error_code IS NOT NULL) AS refused,
       min(event_time) AS first_call, max(event_time) AS last_call
FROM {{subject_calls}} AS calls
WHERE event_source = 'dynamodb.amazonaws.com' AND event_category = 'Data'
GROUP BY ALL
ORDER BY table_arn, calls DESC, call
