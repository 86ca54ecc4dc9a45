-- key / origin: the call whose response issued the key: CreateAccessKey (responseElements.accessKey.accessKeyId)
-- for a user's key; AssumeRole*, GetSessionToken or GetFederationToken (responseElements.credentials.accessKeyId)
-- for a session's, AssumeRoot (responseElements.credentials.accessKeyId) for a root session's: a management account
-- (or IAM's delegated administrator) acting as a member account's root user, whose calls there carry the key.
-- Candidates are found by typed columns (the key's user, or its role and session name, from key-origin-subject.sql;
-- for a root session every AssumeRoot in the hour before, a rare call whose request names the account only), at any
-- time up to the key's first use; the latest 20 are read from their raw records and checked. A key whose first call
-- says it came from the console (sessionCredentialFromConsole) was issued by a console sign-in, which records no key:
-- its origin is the latest successful ConsoleLogin of the same user (role session, root user) in the 12 hours before (a
-- console session lasts 12 hours at most). A user's key (AKIA...) whose events say nothing of its user (it made no call: created, never used,
-- which a responder still needs to see) is looked for in every successful CreateAccessKey, a rare call; a session
-- key (ASIA...) that made no call in the store (a session that only read objects, data events the event history never
-- holds) is looked for in every successful call that issues sessions, from 36 hours (the longest a session lasts)
-- before the window to its end: each one's raw record is read, but only when the key has no event to go by.
WITH named AS MATERIALIZED (
    SELECT event_time, record_hash, aws_region, event_name, principal_arn, user_name, identity_type, access_key_id,
           source_ip, user_agent, raw_chunk, raw_offset, raw_length, raw_inline
    FROM events
    WHERE event_name IN ('CreateAccessKey', 'AssumeRole', 'AssumeRoleWithSAML', 'AssumeRoleWithWebIdentity',
                         'GetSessionToken', 'GetFederationToken', 'AssumeRoot')
      AND error_code IS NULL
      AND event_time <= $first_use
      AND ((event_name IN ('CreateAccessKey', 'GetSessionToken', 'GetFederationToken') AND $user_name <> ''
                AND (list_contains(resources, $user_name) OR user_name = $user_name))
           OR (starts_with(event_name, 'AssumeRole') AND $role_arn <> ''
                AND list_contains(resources, $role_arn)
                -- a SAML session's name comes from the assertion, which the request need not repeat
                AND (event_name = 'AssumeRoleWithSAML' OR list_contains(resources, $session_name)))
           -- an AssumeRoot session lasts 15 minutes at most
           OR (event_name = 'AssumeRoot' AND $root_account <> '' AND event_time >= $first_use - INTERVAL 1 HOUR))
    ORDER BY event_time DESC, record_hash
    LIMIT 20
), unnamed AS MATERIALIZED (
    SELECT event_time, record_hash, aws_region, event_name, principal_arn, user_name, identity_type, access_key_id,
           source_ip, user_agent, raw_chunk, raw_offset, raw_length, raw_inline
    FROM events
    WHERE event_name = 'CreateAccessKey' AND error_code IS NULL
      AND $user_name = '' AND $role_arn = '' AND starts_with($subject, 'AKIA')
      -- a key is created before its first call: a used root key need not read every later CreateAccessKey
      AND ($first_use IS NULL OR event_time <= $first_use)
), unused_session AS MATERIALIZED (
    SELECT event_time, record_hash, aws_region, event_name, principal_arn, user_name, identity_type, access_key_id,
           source_ip, user_agent, raw_chunk, raw_offset, raw_length, raw_inline
    FROM events
    WHERE $unused AND starts_with($subject, 'ASIA')
      AND event_name IN ('AssumeRole', 'AssumeRoleWithSAML', 'AssumeRoleWithWebIdentity', 'GetSessionToken',
                         'GetFederationToken', 'AssumeRoot')
      AND error_code IS NULL
      AND event_time >= $since - INTERVAL 36 HOUR AND event_time <= $until
), console AS MATERIALIZED (
    SELECT event_time, record_hash, aws_region, event_name, principal_arn, user_name, identity_type, access_key_id,
           source_ip, user_agent, raw_chunk, raw_offset, raw_length, raw_inline
    FROM events
    WHERE $console AND event_name = 'ConsoleLogin' AND event_source = 'signin.amazonaws.com'
      AND event_time <= $first_use AND event_time >= $first_use - INTERVAL 12 HOUR
      AND ((identity_type = 'IAMUser' AND $user_name <> '' AND user_name = $user_name)
           OR ($role_arn <> '' AND session_issuer_arn = $role_arn AND ends_with(principal_arn, '/' || $session_name))
           -- the root user's console session: its sign-in names no user (its calls may name the account's)
           OR (identity_type = 'Root' AND $root_account <> '' AND principal_arn LIKE '%:' || $root_account || ':root'))
    ORDER BY event_time DESC, record_hash
    LIMIT 20
), candidates AS (
    SELECT * FROM named UNION ALL SELECT * FROM unnamed UNION ALL SELECT * FROM unused_session
    UNION ALL SELECT * FROM console
), detail AS (
    SELECT *, tk_json(coalesce(raw_inline, tk_record(raw_chunk, raw_offset, raw_length))) AS record FROM candidates
)
SELECT event_time,
       aws_region AS region,
       event_name AS call,
       coalesce(principal_arn, user_name, identity_type) AS principal,
       access_key_id AS caller_key,
       source_ip,
       user_agent,
       coalesce(record->>'$.requestParameters.userName', record->>'$.requestParameters.roleArn',
                record->>'$.requestParameters.targetPrincipal',
                -- a key the root user made without naming a user is the root user's own (the user name its calls
                -- may carry is the account's)
                CASE WHEN identity_type = 'Root' AND event_name = 'CreateAccessKey' THEN principal_arn END,
                -- GetFederationToken names the federated user it makes
                record->>'$.responseElements.federatedUser.arn', user_name) AS issued_to
FROM detail
WHERE coalesce(record->>'$.responseElements.accessKey.accessKeyId',
               record->>'$.responseElements.credentials.accessKeyId') = $subject
   -- the sign-in that issued a console key: the latest that succeeded (a failed one has no errorCode)
   OR (event_name = 'ConsoleLogin' AND (event_time, record_hash) = (
        SELECT max((event_time, record_hash)) FROM detail
        WHERE event_name = 'ConsoleLogin' AND record->>'$.responseElements.ConsoleLogin' = 'Success'))
ORDER BY event_time, record_hash
