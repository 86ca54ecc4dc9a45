-- TrailKeeper store, schema version 9: destructive_events, the list of the events that delete, terminate or remove
-- something or destroy the evidence about it ({{destructive}} is the investigations' fragment destructive.sql), with
-- the few columns `investigate who-deleted` tests: where the raw record is (raw_chunk, raw_offset, the event's
-- place), the time, the category and the resources. About one event in twelve on a busy account: testing the names
-- here reads a small table instead of the resources of every such call all over the events table (on 10 million
-- events, the cold first step falls from 0.65 s to a few hundredths). Written with the events, cut by prune.
CREATE TABLE IF NOT EXISTS destructive_events (
    raw_chunk      BIGINT NOT NULL,
    raw_offset     INTEGER NOT NULL,
    event_time     TIMESTAMP,
    event_category VARCHAR,
    resources      VARCHAR[]
);

-- a store from before this version (a new store's events table is empty)
INSERT INTO destructive_events
SELECT raw_chunk, raw_offset, event_time, event_category, resources
FROM events e
WHERE {{destructive}}
  AND NOT EXISTS (SELECT 1 FROM destructive_events d WHERE d.raw_chunk = e.raw_chunk AND d.raw_offset = e.raw_offset)
ORDER BY raw_chunk, raw_offset;
