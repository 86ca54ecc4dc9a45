-- TrailKeeper store, schema version 3: the alerts `watch` raised, and their delivery to each sink.

-- One row per alert: a rule and the record(s) it matched. The key is the rule id and the record hashes, so
-- an alert is raised once however often the same events are evaluated, across restarts.
CREATE TABLE IF NOT EXISTS alerts (
    alert_key     VARCHAR PRIMARY KEY,
    rule_id       VARCHAR NOT NULL,
    record_hashes VARCHAR[] NOT NULL,
    event_time    TIMESTAMP,
    raised_at     TIMESTAMP NOT NULL,
    payload       JSON NOT NULL
);

-- One row per alert and sink it was raised for; delivered_at stays null until the sink took it, so what a
-- failing sink missed is delivered by a later run. No key: the ledger is its only writer.
CREATE TABLE IF NOT EXISTS alert_deliveries (
    alert_key       VARCHAR NOT NULL,
    sink            VARCHAR NOT NULL,
    delivered_at    TIMESTAMP,
    attempts        INTEGER NOT NULL,
    last_attempt_at TIMESTAMP,
    last_error      VARCHAR
);
