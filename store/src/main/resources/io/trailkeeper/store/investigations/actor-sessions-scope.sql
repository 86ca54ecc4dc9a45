-- actor, key: the STS calls the principals (or the key) made that issue a session's key, oldest first, as many as
-- rows are shown, with the session's key and ARN from the raw record's response, for the sessions' own activity.
-- actor: AssumeRole* and AssumeRoot (a user's GetSessionToken session calls as the user, already in the actor's
-- story; an AssumeRoot session calls as a member account's root user, in that account); key ($any_session_call):
-- GetSessionToken and GetFederationToken too, since the session keys they issue are other keys.
-- A session issued in the 36 hours before the window (the longest a session lasts) can act inside it: those calls
-- are looked for too ({{who}} over that stretch), so that a window starting after the AssumeRole still holds what
-- its session did.
CREATE OR REPLACE TEMP TABLE tk_sessions AS
WITH subject AS (
    SELECT event_time, aws_region, event_source, event_name, principal_arn, user_name, identity_type, access_key_id,
           source_ip, error_code, record_hash, raw_chunk, raw_offset, raw_length, raw_inline
    FROM tk_scope
    UNION ALL
    SELECT event_time, aws_region, event_source, event_name, principal_arn, user_name, identity_type, access_key_id,
           source_ip, error_code, record_hash, raw_chunk, raw_offset, raw_length, raw_inline
    FROM events
    WHERE {{who}} AND event_time >= $since - INTERVAL 36 HOUR AND event_time < $since
), calls AS MATERIALIZED (
    SELECT *
    FROM subject
    WHERE event_source = 'sts.amazonaws.com'
      AND (starts_with(event_name, 'AssumeRole') OR event_name = 'AssumeRoot'
           OR ($any_session_call AND event_name IN ('GetSessionToken', 'GetFederationToken')))
    ORDER BY event_time NULLS LAST, record_hash
    LIMIT $row_cap
)
{{issued_session}}
