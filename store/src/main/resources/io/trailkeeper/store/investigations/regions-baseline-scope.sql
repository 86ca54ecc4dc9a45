-- regions: events per region and account in the 30 days before the window ([$baseline_from, $baseline_to); an empty
-- range when the window has no start), what the accounts normally do.
CREATE OR REPLACE TEMP TABLE tk_baseline AS
SELECT aws_region, recipient_account_id AS account, count(*) AS events,
       count(*) FILTER (WHERE {{by_principal}}) AS by_principals,
       count(*) FILTER (WHERE {{by_principal}} AND read_only IS DISTINCT FROM true) AS changes
FROM events
WHERE event_time >= $baseline_from AND event_time < $baseline_to
GROUP BY ALL
