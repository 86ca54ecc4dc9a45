-- Fragment (actor-sessions-scope.sql, sessions-chained.sql), after a CTE calls of session-issuing STS calls: each
-- with the session it issued, as its record says (read for these rows only): the role and the session name asked for
-- (GetFederationToken: the federated user's name; AssumeRoot: the target account's root user, as the role), the
-- session's key and ARN. The columns of tk_sessions, in order.
SELECT event_time, aws_region, event_name, principal_arn, user_name, identity_type, access_key_id, source_ip,
       error_code, record_hash,
       coalesce(record->>'$.requestParameters.roleArn', 'arn:' || regexp_extract(principal_arn, '^arn:([^:]+):', 1)
           || ':iam::' || (record->>'$.requestParameters.targetPrincipal') || ':root') AS role_arn,
       coalesce(record->>'$.requestParameters.roleSessionName', record->>'$.requestParameters.name') AS session_name,
       record->>'$.responseElements.credentials.accessKeyId' AS session_key,
       coalesce(record->>'$.responseElements.assumedRoleUser.arn', record->>'$.responseElements.federatedUser.arn')
           AS session_arn
FROM (SELECT *, tk_json(coalesce(raw_inline, tk_record(raw_chunk, raw_offset, raw_length))) AS record FROM calls)
