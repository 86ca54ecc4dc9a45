-- actor / assumed_sessions, key / session_activity: what each session issued did in the window: the events signed
-- with its key, looked for between $sessions_from and $sessions_to (actor-session-bounds.sql) only.
WITH sessions AS (
    SELECT DISTINCT session_key, session_arn FROM tk_sessions WHERE session_key IS NOT NULL
), used AS (
    SELECT s.session_key, s.session_arn, e.event_time, e.aws_region, e.event_name, e.error_code, e.source_ip
    FROM events e JOIN sessions s ON e.access_key_id = s.session_key
    WHERE e.event_time BETWEEN $sessions_from AND $sessions_to AND {{window}}
)
SELECT session_key,
       any_value(session_arn) AS session_arn,
       count(event_time) AS events,
       count(*) FILTER (WHERE error_code IS NOT NULL) AS errors,
       min(event_time) AS first_call,
       max(event_time) AS last_call,
       list_sort(list_distinct(list(aws_region))) AS regions,
       list_sort(list_distinct(list(source_ip))) AS ips,
       list_sort(list_distinct(list(event_name)))[1:15] AS some_calls
FROM used
GROUP BY session_key
ORDER BY first_call NULLS LAST, session_key
LIMIT $row_cap
