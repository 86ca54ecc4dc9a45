-- regions / by_region: per region: events in the window and their share, active days, errors, the changes (calls
-- not read-only by principals other than AWS services, refused ones too), the 30 days before,
-- and why the region is unusual: active in the window but under 1% of the events of the 30 days before (none at
-- all, often), or under 1% of the window's events; or, as AWS services act in every region every day (Config,
-- service-linked roles), called by principals other than AWS services while none called there in the 30 days before,
-- or with under 1% of the window's calls by such principals: a person at work where only AWS services were. That is
-- judged per account (an organization's accounts share regions: one busy in us-west-2 hides another's first call
-- there), and named by account when the window holds several.
WITH w AS (
    SELECT aws_region, sum(events) AS events, sum(errors) AS errors, count(DISTINCT day) AS active_days,
           min(day) AS first_day, max(day) AS last_day, sum(by_principals) AS by_principals,
           sum(changes) AS changes
    FROM tk_scope
    GROUP BY aws_region
), total AS (
    SELECT sum(events) AS events, sum(by_principals) AS by_principals FROM w
), earlier AS (
    SELECT sum(events) AS events FROM tk_baseline
), region_before AS (
    SELECT aws_region, sum(events) AS events, sum(by_principals) AS by_principals, sum(changes) AS changes
    FROM tk_baseline GROUP BY ALL
), per_account AS (
    SELECT aws_region, account, sum(events) AS events, sum(by_principals) AS by_principals
    FROM tk_scope GROUP BY ALL
), account_total AS (
    SELECT account, sum(by_principals) AS by_principals FROM per_account GROUP BY ALL
), account_before AS (
    SELECT account, sum(events) AS events FROM tk_baseline GROUP BY ALL
), account_reasons AS (
    SELECT a.aws_region,
           string_agg(CASE WHEN (SELECT count(DISTINCT account) FROM per_account) > 1
                           THEN 'in account ' || coalesce(a.account, '(none)') || ', ' ELSE '' END
               || CASE WHEN coalesce(ab.events, 0) > 0 AND coalesce(b.by_principals, 0) = 0
                       THEN a.by_principals || ' calls by principals other than AWS services, none in the 30 days'
                           || ' before the window (only AWS services acted here then)'
                       ELSE 'under 1% of the window''s calls by principals other than AWS services ('
                           || a.by_principals || ')' END, '; ' ORDER BY a.account) AS reason
    FROM per_account a
    JOIN account_total t ON t.account IS NOT DISTINCT FROM a.account
    LEFT JOIN account_before ab ON ab.account IS NOT DISTINCT FROM a.account
    LEFT JOIN tk_baseline b ON b.aws_region IS NOT DISTINCT FROM a.aws_region
        AND b.account IS NOT DISTINCT FROM a.account
    WHERE a.by_principals > 0
      AND ((coalesce(ab.events, 0) > 0 AND coalesce(b.by_principals, 0) = 0)
           OR 100.0 * a.by_principals / t.by_principals < 1)
    GROUP BY a.aws_region
), per_region AS (
    SELECT w.aws_region AS region,
           CAST(w.events AS BIGINT) AS events,
           round(100.0 * w.events / total.events, 2) AS share_pct,
           w.active_days,
           w.first_day,
           w.last_day,
           CAST(w.errors AS BIGINT) AS errors,
           CASE WHEN earlier.events > 0 THEN CAST(coalesce(b.events, 0) AS BIGINT) END AS events_30_days_before,
           CASE WHEN earlier.events > 0 THEN round(100.0 * coalesce(b.events, 0) / earlier.events, 2) END
               AS share_30_days_before_pct,
           CAST(w.by_principals AS BIGINT) AS calls_not_by_aws_services,
           CASE WHEN earlier.events > 0 THEN CAST(coalesce(b.by_principals, 0) AS BIGINT) END
               AS calls_not_by_aws_services_30_days_before,
           CAST(w.changes AS BIGINT) AS changes,
           CASE WHEN earlier.events > 0 THEN CAST(coalesce(b.changes, 0) AS BIGINT) END AS changes_30_days_before,
           r.reason AS principals_reason
    FROM w CROSS JOIN total CROSS JOIN earlier
    LEFT JOIN region_before b ON b.aws_region IS NOT DISTINCT FROM w.aws_region
    LEFT JOIN account_reasons r ON r.aws_region IS NOT DISTINCT FROM w.aws_region
)
SELECT * EXCLUDE (principals_reason),
       nullif(concat_ws('; ',
           CASE WHEN events_30_days_before = 0 THEN 'no events in the 30 days before the window'
                WHEN share_30_days_before_pct < 1 THEN 'under 1% of the events of the 30 days before ('
                    || events_30_days_before || ')' END,
           CASE WHEN share_pct < 1 THEN 'under 1% of the window''s events' END,
           CASE WHEN coalesce(events_30_days_before, 1) > 0 AND share_pct >= 1 THEN principals_reason END), '')
           AS unusual
FROM per_region
ORDER BY events DESC, region
