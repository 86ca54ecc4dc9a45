-- key / actor: the issued sessions' keys that signed an event the store holds in the time the sessions could be used
-- ($sessions_from to $sessions_to), inside the window or not. session_activity (assumed_sessions) shows only the
-- window's calls and its first --limit sessions, so a session missing there may still have called: asked only for the
-- sessions that would be said to have made no management call in the store.
SELECT DISTINCT access_key_id AS session_key
FROM events
WHERE access_key_id IN (SELECT session_key FROM tk_sessions WHERE session_key IS NOT NULL)
  AND event_time BETWEEN $sessions_from AND $sessions_to
