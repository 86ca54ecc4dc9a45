-- TrailKeeper store, schema version 2: what the collectors (collect lookup, collect s3) have read.

-- Windows of a region's event history (LookupEvents) read completely, both ends inclusive, whole seconds.
-- A window grows page by page as the collector walks back in time (newest first); each row is written in
-- the same transaction as the events of its page, so after a crash the next run asks only for the rest.
CREATE TABLE IF NOT EXISTS lookup_windows (
    account      VARCHAR NOT NULL,
    region       VARCHAR NOT NULL,
    category     VARCHAR NOT NULL,
    window_from  TIMESTAMP NOT NULL,
    window_to    TIMESTAMP NOT NULL,
    run_id       BIGINT NOT NULL
);

-- S3 objects read to their end (trail log files, digests, insight files), written with their events.
CREATE TABLE IF NOT EXISTS s3_objects (
    bucket        VARCHAR NOT NULL,
    key           VARCHAR NOT NULL,
    etag          VARCHAR,
    size_bytes    BIGINT,
    last_modified TIMESTAMP,
    object_type   VARCHAR NOT NULL,
    records       BIGINT NOT NULL,
    run_id        BIGINT NOT NULL
);

-- What each collector run could and could not see, per region or S3 prefix and time window.
CREATE TABLE IF NOT EXISTS coverage (
    run_id       BIGINT NOT NULL,
    collector    VARCHAR NOT NULL,
    account      VARCHAR,
    region       VARCHAR,
    scope        VARCHAR NOT NULL,
    window_from  TIMESTAMP,
    window_to    TIMESTAMP,
    status       VARCHAR NOT NULL,
    reason       VARCHAR NOT NULL
);
