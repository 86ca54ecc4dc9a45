-- Second step of a scope: the typed columns (and where the raw record is) of the rows the first step found
-- (tk_ids; $fetch_rows of them, counted by scope-found.sql). Fetching by row id lets DuckDB skip the parts of the
-- table without one, instead of decoding every column of every row while testing the filter; the LIMIT ends the
-- scan once every row is in (at once when there is none).
CREATE OR REPLACE TEMP TABLE tk_scope AS
SELECT event_time, aws_region, event_source, event_name, identity_type, principal_arn, user_name, access_key_id,
       session_issuer_arn, source_ip, user_agent, error_code, read_only, event_category, event_id, resources,
       record_hash, raw_chunk, raw_offset, raw_length
FROM events
WHERE rowid IN (SELECT rid FROM tk_ids)
LIMIT $fetch_rows
