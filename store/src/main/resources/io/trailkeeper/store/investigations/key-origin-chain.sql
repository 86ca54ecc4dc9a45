-- key / origin, behind the issuing call: the AssumeRole* call that issued $caller_key, the key of the role session
-- that issued the subject (role chaining: a member's stolen key, a role, the management account's role...). Found as
-- key-origin.sql finds a session's: by the role and session name the caller key's own events give, among the
-- successful AssumeRole* calls naming both in the 36 hours (the longest a session lasts) before its first call; the
-- latest 20 are read from their raw records and checked (looked_at counts them all, so that a caller among more is
-- said to be past what was read, not missing). Only the copy recorded in the caller's account names the
-- caller's key: the role's account's copy (userIdentity type AWSAccount, the same sharedEventID) has none. One row
-- always: with no such call (caller_key NULL), what the caller key's own events say of it (its role, session name and
-- first use), so that the answer says where the chain stops and where its call was looked for.
WITH caller AS (
    SELECT min(event_time) AS first_use,
           any_value(session_issuer_arn) AS role_arn,
           any_value(regexp_extract(principal_arn, '[^/]+$')) AS session_name
    FROM events
    WHERE access_key_id = $caller_key AND identity_type = 'AssumedRole'
), matching AS MATERIALIZED (
    SELECT e.event_time, e.record_hash, e.event_name, e.principal_arn, e.user_name, e.access_key_id, e.source_ip,
           e.raw_chunk, e.raw_offset, e.raw_length, e.raw_inline
    FROM events e, caller c
    WHERE starts_with(e.event_name, 'AssumeRole') AND e.error_code IS NULL AND e.access_key_id IS NOT NULL
      AND e.event_time <= c.first_use AND e.event_time >= c.first_use - INTERVAL 36 HOUR
      AND list_contains(e.resources, c.role_arn) AND list_contains(e.resources, c.session_name)
), candidates AS MATERIALIZED (
    SELECT * FROM matching
    ORDER BY event_time DESC, record_hash
    LIMIT 20
), issued AS (
    SELECT event_time, event_name AS call, coalesce(principal_arn, user_name) AS principal,
           access_key_id AS caller_key, source_ip
    FROM candidates
    WHERE tk_json(coalesce(raw_inline, tk_record(raw_chunk, raw_offset, raw_length)))
              ->>'$.responseElements.credentials.accessKeyId' = $caller_key
    ORDER BY event_time DESC, record_hash
    LIMIT 1
)
SELECT i.event_time, i.call, i.principal, i.caller_key, i.source_ip, c.role_arn, c.session_name, c.first_use,
       (SELECT count(*) FROM matching) AS looked_at
FROM caller c LEFT JOIN issued i ON true
