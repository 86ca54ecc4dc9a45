-- actor / assumed_roles, key / sessions_issued: the calls that issue a session (actor-sessions-scope.sql), with the
-- role, the result and the session the response issued.
SELECT event_time,
       aws_region AS region,
       event_name AS call,
       coalesce(principal_arn, user_name, identity_type) AS principal,
       role_arn,
       session_name,
       coalesce(error_code, 'success') AS result,
       session_key,
       session_arn,
       source_ip
FROM tk_sessions
ORDER BY event_time NULLS LAST, record_hash
