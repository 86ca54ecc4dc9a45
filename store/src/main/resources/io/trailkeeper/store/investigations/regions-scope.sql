-- regions: events per region, account and day in the window (one pass over the store's time, region, account, error,
-- identity type and source IP columns).
CREATE OR REPLACE TEMP TABLE tk_scope AS
SELECT aws_region,
       recipient_account_id AS account,
       CAST(event_time AS DATE) AS day,
       count(*) AS events,
       count(*) FILTER (WHERE error_code IS NOT NULL) AS errors,
       -- calls by people and their roles and keys: not by an AWS service (AWSService, or a call a service made
       -- for a principal, whose sourceIPAddress is the service's name), which touch every region every day
       count(*) FILTER (WHERE NOT (identity_type = 'AWSService' OR coalesce(source_ip, '') LIKE '%.amazonaws.com'
                                   OR source_ip = 'AWS Internal')) AS by_principals
FROM events
WHERE {{window}}
GROUP BY ALL
