-- regions: events per region, account and day in the window (one pass over the store's time, region, account, error,
-- identity type and source IP columns).
CREATE OR REPLACE TEMP TABLE tk_scope AS
SELECT aws_region,
       recipient_account_id AS account,
       CAST(event_time AS DATE) AS day,
       count(*) AS events,
       count(*) FILTER (WHERE error_code IS NOT NULL) AS errors,
       -- calls by people and their roles and keys, not by AWS services (by-principal.sql)
       count(*) FILTER (WHERE {{by_principal}}) AS by_principals
FROM events
WHERE {{window}}
GROUP BY ALL
