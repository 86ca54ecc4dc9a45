-- key, after scope-fetch.sql: keeps the key's own events in the window (rows found by the key's hash alone may be
-- another key's, or outside the window; see key-rows-posted.sql). Nothing to drop when they were found testing
-- every event.
DELETE FROM tk_scope WHERE access_key_id IS DISTINCT FROM $subject OR NOT coalesce({{window}}, false)
