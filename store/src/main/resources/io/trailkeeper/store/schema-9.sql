-- TrailKeeper store, schema version 9: destructive_events, the list of the events that delete, terminate or remove
-- something or destroy the evidence about it (the investigations' fragment destructive.sql), with the few columns
-- `investigate who-deleted` tests: where the raw record is (raw_chunk, raw_offset, the event's place), the time, the
-- category and the resources. About one event in twelve on a busy account: testing the names here reads a small
-- table instead of the resources of every such call all over the events table (on 10 million events, the cold first
-- step falls from 0.65 s to a few hundredths). Written with the events, cut by prune. The store lists its events
-- when it is opened for writing and store_meta's 'destructive_calls' is not this version's definition (a store from
-- before this version has none).
CREATE TABLE IF NOT EXISTS destructive_events (
    raw_chunk      BIGINT NOT NULL,
    raw_offset     INTEGER NOT NULL,
    event_time     TIMESTAMP,
    event_category VARCHAR,
    resources      VARCHAR[]
);
