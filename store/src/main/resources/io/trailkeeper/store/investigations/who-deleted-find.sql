-- who-deleted, first step: the destructive calls naming the resource in the window, any region, found with the
-- few columns the test needs (the other columns are read for these rows only, by scope-fetch.sql). Object deletes
-- (data events) count when the resource is an object prefix; a bucket's own deletion is a management event.
CREATE OR REPLACE TEMP TABLE tk_ids AS
SELECT rowid AS rid, event_time
FROM events
WHERE {{destructive}} AND (event_category IS DISTINCT FROM 'Data' OR $is_prefix) AND {{window}}
  AND {{names_resource}}
