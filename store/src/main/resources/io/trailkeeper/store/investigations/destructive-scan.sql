-- Fragment (who-deleted-find.sql): the destructive calls in the window, read from events (a store from before
-- schema 9, opened for reading only, has no list of them). A prefix range on event_name is pushed into the scan.
SELECT rowid AS rid, CAST(NULL AS BIGINT) AS raw_chunk, CAST(NULL AS INTEGER) AS raw_offset, resources,
       event_source, recipient_account_id, event_category, event_name
FROM events
WHERE {{destructive}} AND (event_category <> 'Data' OR event_category IS NULL OR $is_prefix) AND {{window}}
