-- Fragment (story-created.sql, story-launches.sql, story-keys-made.sql, story-object-changes.sql): the subject's calls
-- (tk_scope) and those of the sessions it issued, role chaining included (tk_sessions, as sessions-chained.sql left
-- it), made from $sessions_from to $sessions_to within the window: an intruder acts with the session keys of the roles
-- it assumed, in the accounts it hopped into, so what a key made, launched or deleted is also what its sessions did.
-- The typed columns and where the raw record is (subject-own-calls.sql's, in order); a call in both (an actor's own
-- session) counts once.
WITH sessions AS (
    SELECT DISTINCT session_key FROM tk_sessions WHERE session_key IS NOT NULL
)
SELECT * FROM {{subject_own_calls}} AS own
UNION
SELECT e.event_time, e.aws_region, e.event_source, e.event_name, e.identity_type, e.principal_arn, e.user_name,
       e.access_key_id, e.source_ip, e.error_code, e.event_category, e.resources, e.record_hash, e.raw_chunk,
       e.raw_offset, e.raw_length, e.raw_inline
FROM events e JOIN sessions s ON e.access_key_id = s.session_key
WHERE e.event_time BETWEEN $sessions_from AND $sessions_to AND {{window}}
