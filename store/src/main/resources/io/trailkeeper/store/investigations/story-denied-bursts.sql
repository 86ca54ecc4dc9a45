-- denied_bursts: 10 or more access-denied errors within 5 minutes, the mark of someone enumerating what the
-- credentials may do. Each denied call that starts a 5-minute window holding 10 or more opens or extends a
-- burst; overlapping windows are one burst.
WITH denied AS (
    SELECT event_time, event_name, aws_region, source_ip
    FROM tk_scope
    WHERE event_time IS NOT NULL
      AND (error_code ILIKE '%AccessDenied%' OR error_code ILIKE '%Unauthorized%' OR error_code ILIKE '%Forbidden%'
           OR error_code = 'InvalidClientTokenId')
), starts AS (
    SELECT event_time AS s,
           count(*) OVER (ORDER BY event_time RANGE BETWEEN CURRENT ROW AND INTERVAL 5 MINUTE FOLLOWING) AS n
    FROM denied
), windows AS (
    SELECT DISTINCT s, s + INTERVAL 5 MINUTE AS e FROM starts WHERE n >= 10
), marked AS (
    SELECT s, e, CASE WHEN s <= max(e) OVER (ORDER BY s ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING)
                      THEN 0 ELSE 1 END AS opens
    FROM windows
), grouped AS (
    SELECT s, e, sum(opens) OVER (ORDER BY s ROWS UNBOUNDED PRECEDING) AS burst FROM marked
), bursts AS (
    SELECT burst, min(s) AS from_time, max(e) AS to_time FROM grouped GROUP BY burst
)
SELECT min(d.event_time) AS first_denied,
       max(d.event_time) AS last_denied,
       count(*) AS denied,
       count(DISTINCT d.event_name) AS calls,
       list_sort(list_distinct(list(d.event_name)))[1:10] AS some_calls,
       list_sort(list_distinct(list(d.aws_region))) AS regions,
       list_sort(list_distinct(list(d.source_ip))) AS ips,
       'enumeration' AS flag
FROM bursts b JOIN denied d ON d.event_time >= b.from_time AND d.event_time <= b.to_time
GROUP BY b.burst
ORDER BY first_denied
