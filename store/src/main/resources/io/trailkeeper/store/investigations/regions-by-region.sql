-- regions / by_region: per region: events in the window and their share, active days, errors, the 30 days before,
-- and why the region is unusual: active in the window but under 1% of the events of the 30 days before (none at
-- all, often), or under 1% of the window's events.
WITH w AS (
    SELECT aws_region, sum(events) AS events, sum(errors) AS errors, count(DISTINCT day) AS active_days,
           min(day) AS first_day, max(day) AS last_day
    FROM tk_scope
    GROUP BY aws_region
), total AS (
    SELECT sum(events) AS events FROM w
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
               AS share_30_days_before_pct
    FROM w CROSS JOIN total CROSS JOIN earlier LEFT JOIN tk_baseline b ON b.aws_region = w.aws_region
)
SELECT *,
       nullif(concat_ws('; ',
           CASE WHEN events_30_days_before = 0 THEN 'no events in the 30 days before the window'
                WHEN share_30_days_before_pct < 1 THEN 'under 1% of the events of the 30 days before ('
                    || events_30_days_before || ')' END,
           CASE WHEN share_pct < 1 THEN 'under 1% of the window''s events' END), '') AS unusual
FROM per_region
ORDER BY events DESC, region
