-- TrailKeeper store, schema version 12: key_postings, the row id and UTC day of every event with an access key, by
-- the key's hash (key_hash, schema 8), kept in key-hash order: `investigate key` finds a key's events in the few row
-- groups that can hold its hash instead of testing the key_hash of every event. Written when a store opened for
-- writing is closed (row ids are given at commit, and DuckDB may move rows once some are deleted); store_meta's
-- 'key_postings_covered' says which events they cover (see KeyPostings), and a store whose events are not those is
-- read without them.
CREATE TABLE IF NOT EXISTS key_postings (
    key_hash UINTEGER NOT NULL,
    day      DATE,
    rid      BIGINT NOT NULL
);
