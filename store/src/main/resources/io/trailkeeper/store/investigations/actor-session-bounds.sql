-- actor / assumed_sessions, first step: when the sessions can have been used: from the first AssumeRole call to 12
-- hours (the longest a role session lasts) after the last.
SELECT min(event_time) AS sessions_from, max(event_time) + INTERVAL 12 HOUR AS sessions_to
FROM tk_sessions
WHERE session_key IS NOT NULL
