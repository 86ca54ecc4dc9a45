-- TrailKeeper store, schema version 6: what `export parquet` wrote to the Parquet lake, per partition, so that a
-- later export writes only what changed and `prune` deletes from the store only what the lake holds.

-- One row per lake and partition (account, region, UTC day; LakeLayout.NONE for a missing value). rows and checksum
-- (LakeLayout.CHECKSUM_SQL) are those of the file written; verified_at is when the file was last read back and
-- found equal to the store's rows of the partition (NULL: not yet checked).
CREATE TABLE IF NOT EXISTS lake_exports (
    lake        VARCHAR NOT NULL,
    account     VARCHAR NOT NULL,
    region      VARCHAR NOT NULL,
    date        VARCHAR NOT NULL,
    path        VARCHAR NOT NULL,
    rows        BIGINT NOT NULL,
    checksum    VARCHAR NOT NULL,
    exported_at TIMESTAMP NOT NULL,
    verified_at TIMESTAMP,
    PRIMARY KEY (lake, account, region, date)
);
