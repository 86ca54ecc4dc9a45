-- Second step of a scope: the typed columns (and where the raw record is) of the rows the first step found
-- (tk_ids; $fetch_rows of them, counted by scope-found.sql). Read by row id, and only from the first to the last of
-- their row ids ({{found_window}}): DuckDB then skips the parts of the table that cannot hold one, instead of
-- decoding every column of every row while testing the filter; the LIMIT ends the scan once every row is in.
CREATE OR REPLACE TEMP TABLE tk_scope AS
SELECT event_time, aws_region, event_source, event_name, identity_type, principal_arn, user_name, access_key_id,
       session_issuer_arn, source_identity, source_ip, user_agent, error_code, read_only, event_category, resources,
       record_hash, raw_chunk, raw_offset, raw_length, raw_inline
FROM events
WHERE {{found_window}} AND rowid IN (SELECT rid FROM tk_ids)
LIMIT $fetch_rows
