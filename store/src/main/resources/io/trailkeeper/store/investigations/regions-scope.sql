-- regions: events per region, account and day in the window (one pass over the store's time, region, account, error,
-- identity type, source IP and read-only columns).
CREATE OR REPLACE TEMP TABLE tk_scope AS
SELECT aws_region,
       recipient_account_id AS account,
       CAST(event_time AS DATE) AS day,
       count(*) AS events,
       count(*) FILTER (WHERE error_code IS NOT NULL) AS errors,
       -- calls by people and their roles and keys, not by AWS services (by-principal.sql)
       count(*) FILTER (WHERE {{by_principal}}) AS by_principals,
       -- of those, the calls that change something or try to (readOnly not true; refused ones too)
       count(*) FILTER (WHERE {{by_principal}} AND read_only IS DISTINCT FROM true) AS changes
FROM events
WHERE {{window}}
GROUP BY ALL
