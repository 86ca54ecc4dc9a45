-- actor / assumed_roles, key / sessions_issued, after actor-sessions-scope.sql: role chaining. A session's key that
-- assumes a further role issued that role's session too (an attacker's next hop, under a session name of their
-- choosing); those AssumeRole* calls, signed with a key already in tk_sessions and not yet in it, are added with
-- their response's session, from $sessions_from to $sessions_to (actor-session-bounds.sql). Returns the calls added:
-- Story runs this until none is, a few hops at most.
INSERT INTO tk_sessions
WITH issued AS (
    SELECT DISTINCT session_key FROM tk_sessions WHERE session_key IS NOT NULL
), calls AS MATERIALIZED (
    SELECT e.event_time, e.aws_region, e.event_name, e.principal_arn, e.user_name, e.identity_type, e.access_key_id,
           e.source_ip, e.error_code, e.record_hash, e.raw_chunk, e.raw_offset, e.raw_length, e.raw_inline
    FROM events e JOIN issued s ON e.access_key_id = s.session_key
    WHERE e.event_source = 'sts.amazonaws.com' AND starts_with(e.event_name, 'AssumeRole')
      AND e.event_time BETWEEN $sessions_from AND $sessions_to AND e.event_time <= $until
      AND e.record_hash NOT IN (SELECT record_hash FROM tk_sessions)
    ORDER BY e.event_time, e.record_hash
    LIMIT $row_cap
)
{{issued_session}}
RETURNING record_hash
