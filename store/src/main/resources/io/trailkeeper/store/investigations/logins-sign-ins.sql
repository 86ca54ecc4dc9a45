-- logins / sign_ins: each console sign-in, oldest first.
SELECT event_time,
       aws_region AS region,
       sign_in_user AS "user",
       result,
       error_message,
       mfa_used,
       source_ip,
       user_agent,
       principal_arn
FROM tk_scope
ORDER BY event_time NULLS LAST, record_hash
LIMIT $row_cap
