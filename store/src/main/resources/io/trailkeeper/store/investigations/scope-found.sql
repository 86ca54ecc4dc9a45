-- How many rows the first step of a scope found (tk_ids), and the first and last of their row ids, for
-- scope-fetch.sql.
SELECT count(*) AS found,
       min(rid) AS first_rid,
       max(rid) AS last_rid
FROM tk_ids
