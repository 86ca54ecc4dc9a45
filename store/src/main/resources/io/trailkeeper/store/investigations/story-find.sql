-- key, actor, first step: the subject's events in the window ({{who}}: one key, or the principals matching a
-- text), found with the few columns the test needs; scope-fetch.sql reads the rest for these rows only.
CREATE OR REPLACE TEMP TABLE tk_ids AS
SELECT rowid AS rid
FROM events
WHERE {{who}} AND {{window}}
