-- TrailKeeper store, schema version 7: the partitions `prune` moved out of the store into the Parquet lake, so that
-- reading the store reads them from the lake too (a store opened for reading shows them in its events view).

-- One row per lake partition whose events were deleted from the store after their export was verified (rows and
-- checksum, LakeLayout.CHECKSUM_SQL, equal in the file and the store). path is the partition's file as a reader
-- opens it (a local path; an s3:// lake is kept but not read by the store). removed_at is set when total retention
-- deleted the file from the lake too.
CREATE TABLE IF NOT EXISTS lake_pruned (
    lake       VARCHAR NOT NULL,
    account    VARCHAR NOT NULL,
    region     VARCHAR NOT NULL,
    date       VARCHAR NOT NULL,
    path       VARCHAR NOT NULL,
    rows       BIGINT NOT NULL,
    checksum   VARCHAR NOT NULL,
    pruned_at  TIMESTAMP NOT NULL,
    removed_at TIMESTAMP,
    PRIMARY KEY (lake, account, region, date)
);
