-- timeline, first step: the first $row_cap events of the window that pass --actor, --key and --ip, ordered with
-- the few columns that needs; scope-fetch.sql reads the rest for these rows only.
CREATE OR REPLACE TEMP TABLE tk_ids AS
SELECT rowid AS rid
FROM events
WHERE {{window}} AND {{filters}}
ORDER BY event_time NULLS LAST, event_name, record_hash
LIMIT $row_cap
