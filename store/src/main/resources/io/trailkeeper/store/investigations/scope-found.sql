-- How many rows the first step of a scope found (tk_ids), and when they are, for scope-fetch.sql.
SELECT count(*) AS found,
       min(event_time) AS found_from,
       max(event_time) AS found_to,
       count(*) FILTER (WHERE event_time IS NULL) AS untimed
FROM tk_ids
