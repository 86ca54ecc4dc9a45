-- TrailKeeper store, schema version 11: s3_object_calls, the list of the S3 data events (object reads, writes and
-- deletes), one row for each name in the call's resources that can be a bucket's (see EventList), with the columns
-- `investigate s3` reads: the bucket, the raw record's place and length (raw_chunk, raw_offset, raw_length), who,
-- from where, what and the result. A busy bucket's calls lie in every part of the events table: on 10 million events
-- (one in ten an S3 data event), reading them there cost 4 s cold. About 56 bytes a row. The object names (resources)
-- are kept for deletes only. Written with the events, cut by prune, made whole when a store is opened for writing and
-- store_meta's 's3_object_calls' is not this version's definition (see EventList).
CREATE TABLE IF NOT EXISTS s3_object_calls (
    bucket             VARCHAR,
    raw_chunk          BIGINT NOT NULL,
    raw_offset         INTEGER NOT NULL,
    raw_length         INTEGER NOT NULL,
    event_time         TIMESTAMP,
    aws_region         VARCHAR,
    event_name         VARCHAR,
    identity_type      VARCHAR,
    principal_arn      VARCHAR,
    user_name          VARCHAR,
    session_issuer_arn VARCHAR,
    access_key_id      VARCHAR,
    source_ip          VARCHAR,
    error_code         VARCHAR,
    read_only          BOOLEAN,
    resources          VARCHAR[]
);
