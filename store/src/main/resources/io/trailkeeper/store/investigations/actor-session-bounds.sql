-- actor / assumed_sessions, key / session_activity, first step: when the sessions can have been used: from the first
-- call that issued one to the longest a session lasts after the last: 12 hours for a role's, 36 for
-- GetSessionToken's and GetFederationToken's.
SELECT min(event_time) AS sessions_from,
       max(event_time + CASE WHEN starts_with(event_name, 'AssumeRole') THEN INTERVAL 12 HOUR
                             ELSE INTERVAL 36 HOUR END) AS sessions_to
FROM tk_sessions
WHERE session_key IS NOT NULL
