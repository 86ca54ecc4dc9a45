-- actor, key: how many session-issuing calls tk_sessions holds (sessions-chained.sql adds to it until none is added).
SELECT count(*) AS calls FROM tk_sessions
