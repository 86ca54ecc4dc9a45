-- TrailKeeper store, schema version 1. Times are UTC (TIMESTAMP without a zone, always UTC).

-- One row per distinct CloudTrail record. record_hash, a 128-bit MurmurHash3 of the compact
-- record, is the key: the same record loaded twice, from any source, is stored once; records that share
-- an eventID but differ (test data, broken producers) are kept apart.
-- The record's original JSON (white space outside strings removed) is bytes raw_offset..+raw_length of raw
-- chunk raw_chunk: records concatenated, about 256 KB of JSON, compressed as one zstd frame. The chunk's
-- bytes are in raw_data of exactly one of the chunk's rows (NULL in the others): stored with the events,
-- a chunk is written once with them, as part of their row groups. Whoever deletes events must move
-- raw_data to a remaining row of the chunk first. The cloudtrail view shows each record as JSON.
CREATE TABLE events (
    record_hash          UUID NOT NULL,
    event_time           TIMESTAMP,
    event_id             VARCHAR,
    event_source         VARCHAR,
    event_name           VARCHAR,
    aws_region           VARCHAR,
    recipient_account_id VARCHAR,
    identity_type        VARCHAR,
    principal_arn        VARCHAR,
    user_name            VARCHAR,
    access_key_id        VARCHAR,
    session_issuer_arn   VARCHAR,
    source_ip            VARCHAR,
    user_agent           VARCHAR,
    error_code           VARCHAR,
    read_only            BOOLEAN,
    event_category       VARCHAR,
    event_type           VARCHAR,
    resources            VARCHAR[],
    source_kind          VARCHAR NOT NULL,
    source_name          VARCHAR NOT NULL,
    source_index         BIGINT,
    raw_chunk            BIGINT NOT NULL,
    raw_offset           INTEGER NOT NULL,
    raw_length           INTEGER NOT NULL,
    raw_data             BLOB USING COMPRESSION uncompressed
);

-- Everything that went wrong while reading input, so that nothing fails silently.
CREATE TABLE ingest_problems (
    run_id       BIGINT NOT NULL,
    source_name  VARCHAR NOT NULL,
    location     VARCHAR NOT NULL,
    byte_offset  BIGINT,
    code         VARCHAR NOT NULL,
    problem      VARCHAR NOT NULL,
    outcome      VARCHAR NOT NULL,
    message      VARCHAR NOT NULL,
    excerpt      VARCHAR
);

-- One row per run of ingest (and, later, of each collector). A run killed before its end stays 'running'.
CREATE TABLE ingest_runs (
    run_id       BIGINT PRIMARY KEY,
    command      VARCHAR NOT NULL,
    started_at   TIMESTAMP NOT NULL,
    finished_at  TIMESTAMP,
    files        BIGINT,
    records      BIGINT,
    new_events   BIGINT,
    duplicates   BIGINT,
    digests      BIGINT,
    problems     BIGINT,
    status       VARCHAR NOT NULL
);

-- Checkpoints: a file whose size and modification time match its latest row here was read completely
-- and is not read again. Written in the same transaction as the file's last events; append-only.
CREATE TABLE source_files (
    source_name  VARCHAR NOT NULL,
    size_bytes   BIGINT NOT NULL,
    modified_at  TIMESTAMP NOT NULL,
    records      BIGINT NOT NULL,
    run_id       BIGINT NOT NULL
);

CREATE TABLE store_meta (
    key   VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL
);
