-- principals: who made the calls, most calls first; a session's source identity (the person behind it) apart.
SELECT coalesce(principal_arn, user_name, identity_type) AS principal,
       identity_type,
       user_name,
       session_issuer_arn,
       source_identity,
       count(*) AS events,
       min(event_time) AS first_call,
       max(event_time) AS last_call
FROM tk_scope
GROUP BY ALL
ORDER BY events DESC, principal
LIMIT $row_cap
