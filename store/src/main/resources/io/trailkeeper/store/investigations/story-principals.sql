-- principals: who made the calls, most calls first.
SELECT coalesce(principal_arn, user_name, identity_type) AS principal,
       identity_type,
       user_name,
       session_issuer_arn,
       count(*) AS events,
       min(event_time) AS first_call,
       max(event_time) AS last_call
FROM tk_scope
GROUP BY ALL
ORDER BY events DESC, principal
LIMIT $row_cap
