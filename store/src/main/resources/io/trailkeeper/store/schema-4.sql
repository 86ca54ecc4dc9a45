-- TrailKeeper store, schema version 4: the account snapshots `audit` collected or read, so that `report` can
-- show the account's logging set-up beside its events without calling AWS.

-- One row per account and collection time: the same snapshot kept twice replaces itself. snapshot is the
-- AccountSnapshot as JSON (events' AccountSnapshots); critical_buckets and break_glass_roles are what the user
-- told that audit (--critical-buckets, --break-glass-role), so the report's findings are the audit's own.
CREATE TABLE IF NOT EXISTS account_snapshots (
    account           VARCHAR NOT NULL,
    taken_at          TIMESTAMP NOT NULL,
    kept_at           TIMESTAMP NOT NULL,
    critical_buckets  VARCHAR[] NOT NULL,
    break_glass_roles VARCHAR[] NOT NULL,
    snapshot          JSON NOT NULL,
    PRIMARY KEY (account, taken_at)
);
