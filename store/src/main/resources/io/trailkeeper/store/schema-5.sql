-- TrailKeeper store, schema version 5: events counted per region, UTC day, source kind and data or not, kept by
-- the writer in the same transaction as the events. Coverage and the warning line under every investigation read
-- these few thousand rows instead of grouping every event (10 million events: a few milliseconds instead of a
-- scan of 0.2 to 0.5 s). A key may have several rows (one per write); readers sum them. day is NULL for events
-- without a readable time; region is '' for records naming none.
CREATE TABLE IF NOT EXISTS day_counts (
    region      VARCHAR NOT NULL,
    day         DATE,
    source_kind VARCHAR NOT NULL,
    data        BOOLEAN NOT NULL,
    events      BIGINT NOT NULL
);

-- a store from before this version: count what it holds (a new store's events table is empty); counted afresh
-- when the upgrade runs again
DELETE FROM day_counts;
INSERT INTO day_counts
SELECT coalesce(aws_region, ''), CAST(event_time AS DATE), source_kind, coalesce(event_category = 'Data', false),
       count(*)
FROM events
GROUP BY ALL;
