-- regions: events per region and day in the window (one pass over the store's time and region columns).
CREATE OR REPLACE TEMP TABLE tk_scope AS
SELECT aws_region,
       CAST(event_time AS DATE) AS day,
       count(*) AS events,
       count(*) FILTER (WHERE error_code IS NOT NULL) AS errors
FROM events
WHERE {{window}}
GROUP BY ALL
