-- How many rows the first step of a scope found (tk_ids), for scope-fetch.sql.
SELECT count(*) AS found FROM tk_ids
