-- TrailKeeper store, schema version 15: the log files `verify --keep` found deleted, altered or inserted after
-- CloudTrail delivered them, so that coverage, investigations and the report say which records are lost or not
-- CloudTrail's own. One row per log file (bucket and key) as its latest verification found it: a later `verify
-- --keep` that finds the file valid removes its row. verdict is verify's (log_missing, log_modified, log_not_listed);
-- delivered_at the minute in the file's name (it holds events recorded before that minute ended).
CREATE TABLE IF NOT EXISTS verify_findings (
    bucket        VARCHAR NOT NULL,
    key           VARCHAR NOT NULL,
    account       VARCHAR,
    region        VARCHAR,
    delivered_at  TIMESTAMP,
    verdict       VARCHAR NOT NULL,
    reason        VARCHAR NOT NULL,
    checked_at    TIMESTAMP NOT NULL,
    PRIMARY KEY (bucket, key)
);
