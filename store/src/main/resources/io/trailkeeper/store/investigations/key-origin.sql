-- key / origin: the call whose response issued the key: CreateAccessKey (responseElements.accessKey.accessKeyId)
-- for a user's key; AssumeRole*, GetSessionToken or GetFederationToken (responseElements.credentials.accessKeyId)
-- for a session's. Candidates are found by typed columns (the key's user, or its role and session name), at any
-- time before the key's first use in the window; the latest 20 are read from their raw records and checked.
WITH k AS (
    SELECT min(event_time) AS first_use,
           any_value(user_name) FILTER (WHERE identity_type = 'IAMUser') AS user_name,
           any_value(session_issuer_arn) FILTER (WHERE identity_type = 'AssumedRole') AS role_arn,
           any_value(regexp_extract(principal_arn, '[^/]+$')) FILTER (WHERE identity_type = 'AssumedRole') AS session_name
    FROM tk_scope
), candidates AS MATERIALIZED (
    SELECT e.event_time, e.aws_region, e.event_name, e.principal_arn, e.user_name, e.identity_type,
           e.access_key_id, e.source_ip, e.user_agent, e.raw_chunk, e.raw_offset, e.raw_length
    FROM events e, k
    WHERE e.event_name IN ('CreateAccessKey', 'AssumeRole', 'AssumeRoleWithSAML', 'AssumeRoleWithWebIdentity',
                           'GetSessionToken', 'GetFederationToken')
      AND e.error_code IS NULL
      AND (k.first_use IS NULL OR e.event_time IS NULL OR e.event_time <= k.first_use)
      AND ((e.event_name IN ('CreateAccessKey', 'GetSessionToken', 'GetFederationToken')
                AND (list_contains(e.resources, k.user_name) OR e.user_name = k.user_name))
           OR (starts_with(e.event_name, 'AssumeRole') AND list_contains(e.resources, k.role_arn)
                AND list_contains(e.resources, k.session_name)))
    ORDER BY e.event_time DESC NULLS LAST
    LIMIT 20
), detail AS (
    SELECT *, CAST(tk_record(raw_chunk, raw_offset, raw_length) AS JSON) AS record FROM candidates
)
SELECT event_time,
       aws_region AS region,
       event_name AS call,
       coalesce(principal_arn, user_name, identity_type) AS principal,
       access_key_id AS caller_key,
       source_ip,
       user_agent,
       coalesce(record->>'$.requestParameters.userName', record->>'$.requestParameters.roleArn', user_name) AS issued_to
FROM detail
WHERE coalesce(record->>'$.responseElements.accessKey.accessKeyId',
               record->>'$.responseElements.credentials.accessKeyId') = $subject
ORDER BY event_time NULLS LAST
