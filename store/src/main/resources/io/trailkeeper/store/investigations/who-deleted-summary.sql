-- who-deleted / summary: the calls grouped by call, result, principal, key, IP and the region that recorded them.
SELECT event_name,
       coalesce(error_code, 'success') AS result,
       coalesce(principal_arn, user_name, identity_type) AS principal,
       access_key_id,
       source_ip,
       aws_region AS recorded_in,
       count(*) AS calls,
       min(event_time) AS first_call,
       max(event_time) AS last_call
FROM tk_scope
GROUP BY ALL
ORDER BY first_call NULLS LAST, event_name, result, principal, access_key_id, source_ip, recorded_in
LIMIT $row_cap
