-- How many rows the first step of a scope found (tk_ids), and the first and last of their row ids, apart for the
-- store's rows and the lake's (row ids below 0), for scope-fetch.sql.
SELECT count(*) AS found,
       min(rid) FILTER (WHERE rid >= 0) AS first_rid,
       max(rid) FILTER (WHERE rid >= 0) AS last_rid,
       min(rid) FILTER (WHERE rid < 0) AS first_lake_rid,
       max(rid) FILTER (WHERE rid < 0) AS last_lake_rid
FROM tk_ids
