-- regions / by_region: per region: events in the window and their share, active days, errors, the 30 days before,
-- and why the region is unusual: active in the window but under 1% of the events of the 30 days before (none at
-- all, often), or under 1% of the window's events; or, as AWS services act in every region every day (Config,
-- service-linked roles), called by principals other than AWS services while none called there in the 30 days before,
-- or with under 1% of the window's calls by such principals: a person at work where only AWS services were.
WITH w AS (
    SELECT aws_region, sum(events) AS events, sum(errors) AS errors, count(DISTINCT day) AS active_days,
           min(day) AS first_day, max(day) AS last_day, sum(by_principals) AS by_principals
    FROM tk_scope
    GROUP BY aws_region
), total AS (
    SELECT sum(events) AS events, sum(by_principals) AS by_principals FROM w
), earlier AS (
    SELECT sum(events) AS events FROM tk_baseline
), per_region AS (
    SELECT w.aws_region AS region,
           CAST(w.events AS BIGINT) AS events,
           round(100.0 * w.events / total.events, 2) AS share_pct,
           w.active_days,
           w.first_day,
           w.last_day,
           CAST(w.errors AS BIGINT) AS errors,
           CASE WHEN earlier.events > 0 THEN coalesce(b.events, 0) END AS events_30_days_before,
           CASE WHEN earlier.events > 0 THEN round(100.0 * coalesce(b.events, 0) / earlier.events, 2) END
               AS share_30_days_before_pct,
           CAST(w.by_principals AS BIGINT) AS calls_not_by_aws_services,
           CASE WHEN earlier.events > 0 THEN CAST(coalesce(b.by_principals, 0) AS BIGINT) END
               AS calls_not_by_aws_services_30_days_before,
           round(100.0 * w.by_principals / nullif(total.by_principals, 0), 2) AS share_not_by_aws_services_pct
    FROM w CROSS JOIN total CROSS JOIN earlier LEFT JOIN tk_baseline b ON b.aws_region = w.aws_region
)
SELECT *,
       nullif(concat_ws('; ',
           CASE WHEN events_30_days_before = 0 THEN 'no events in the 30 days before the window'
                WHEN share_30_days_before_pct < 1 THEN 'under 1% of the events of the 30 days before ('
                    || events_30_days_before || ')' END,
           CASE WHEN share_pct < 1 THEN 'under 1% of the window''s events' END,
           CASE WHEN events_30_days_before > 0 AND calls_not_by_aws_services > 0
                    AND calls_not_by_aws_services_30_days_before = 0
                THEN calls_not_by_aws_services || ' calls by principals other than AWS services, none in the 30 days'
                    || ' before the window (only AWS services acted here then)'
                WHEN calls_not_by_aws_services > 0 AND share_not_by_aws_services_pct < 1 AND share_pct >= 1
                THEN 'under 1% of the window''s calls by principals other than AWS services ('
                    || calls_not_by_aws_services || ')' END), '') AS unusual
FROM per_region
ORDER BY events DESC, region
