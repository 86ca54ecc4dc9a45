-- who-deleted, first step: the destructive calls naming the resource in the window, any region, found with the
-- few columns the test needs (the other columns are read for these rows only, by scope-fetch.sql). Object deletes
-- (data events, and the network activity events of DeleteObject* through a VPC endpoint, which name the bucket and
-- the key) count when the resource is an object prefix, and a multi-object delete of its bucket, which names no key,
-- for any object in it (unkeyed-delete.sql); a bucket's own deletion is a management event.
-- {{destructive_candidates}} gives the calls with their resources: from the store's list of them
-- (destructive_events), or, in a store from before that list, from events (the filters DuckDB pushes into its scan
-- pick the calls first; the names test, costly per row, runs over those only). A listed call is found again in
-- events by its raw record's place; only the row ids are kept. A call naming a non-S3 ARN's resource by its bare
-- name only (DeleteRole's roleName) counts when it is a call of the ARN's service and account (name-service.sql):
-- tested on the candidate when it came from events, else on the event found again (the list keeps no service).
CREATE OR REPLACE TEMP TABLE tk_ids AS
WITH candidates AS MATERIALIZED (
    {{destructive_candidates}}
), named AS MATERIALIZED (
    SELECT rid, raw_chunk, raw_offset, event_category AS c_category, event_source AS c_source, event_name AS c_name,
           {{names_resource}} OR {{unkeyed_delete}} AS by_arn
    FROM candidates
    WHERE {{names_resource}} OR {{unkeyed_delete}} OR ({{names_by_name}} AND (rid IS NULL OR {{name_service}}))
)
SELECT rid FROM named
WHERE rid IS NOT NULL
  AND ($is_prefix OR NOT (c_category = 'NetworkActivity' AND c_source = 's3.amazonaws.com'
      AND starts_with(c_name, 'DeleteObject')))
UNION ALL
SELECT e.rowid AS rid
FROM events e JOIN named n ON e.raw_chunk = n.raw_chunk AND e.raw_offset = n.raw_offset
WHERE (n.by_arn OR {{name_service}})
  AND ($is_prefix OR NOT (e.event_category = 'NetworkActivity' AND e.event_source = 's3.amazonaws.com'
      AND starts_with(e.event_name, 'DeleteObject')))
