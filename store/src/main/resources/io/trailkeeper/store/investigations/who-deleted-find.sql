-- who-deleted, first step: the destructive calls naming the resource in the window, any region, found with the
-- few columns the test needs (the other columns are read for these rows only, by scope-fetch.sql). Object deletes
-- (data events) count when the resource is an object prefix; a bucket's own deletion is a management event.
-- The filters DuckDB can push into its scan (call name, category, window) pick the candidates first; the list
-- test, costly per row, runs over those only (in one WHERE, DuckDB reads every row's resources to test it). Only
-- the row ids are kept: a column read here is read for every candidate, all over the table.
CREATE OR REPLACE TEMP TABLE tk_ids AS
WITH candidates AS MATERIALIZED (
    SELECT rowid AS rid, resources
    FROM events
    WHERE {{destructive}} AND (event_category <> 'Data' OR event_category IS NULL OR $is_prefix) AND {{window}}
)
SELECT rid
FROM candidates
WHERE {{names_resource}}
