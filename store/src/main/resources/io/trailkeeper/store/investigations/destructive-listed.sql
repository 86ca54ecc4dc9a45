-- Fragment (who-deleted-find.sql): the destructive calls in the window from the store's list of them
-- (destructive_events, written with the events), and those of the lake's rows (row id below 0; a lake's rows are not
-- listed), tested as in destructive-scan.sql. A listed call has no row id yet, nor service, account or name (unknown
-- here):
-- who-deleted-find.sql finds it again.
SELECT CAST(NULL AS BIGINT) AS rid, raw_chunk, raw_offset, resources, CAST(NULL AS VARCHAR) AS event_source,
       CAST(NULL AS VARCHAR) AS recipient_account_id, event_category, CAST(NULL AS VARCHAR) AS event_name
FROM destructive_events
WHERE (event_category <> 'Data' OR event_category IS NULL OR $is_prefix) AND {{window}}
UNION ALL
SELECT rowid AS rid, CAST(NULL AS BIGINT) AS raw_chunk, CAST(NULL AS INTEGER) AS raw_offset, resources,
       event_source, recipient_account_id, event_category, event_name
FROM events
WHERE rowid < 0 AND {{destructive}} AND (event_category <> 'Data' OR event_category IS NULL OR $is_prefix)
  AND {{window}}
