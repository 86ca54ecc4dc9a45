-- who-deleted: the destructive calls naming the resource in the window, any region. Typed columns only, so one
-- pass over the store; the raw records are read later for the rows shown.
CREATE OR REPLACE TEMP TABLE tk_scope AS
SELECT event_time, aws_region, event_source, event_name, identity_type, principal_arn, user_name, access_key_id,
       session_issuer_arn, source_ip, user_agent, error_code, event_id, resources, record_hash,
       raw_chunk, raw_offset, raw_length
FROM events
WHERE {{destructive}} AND {{window}} AND {{names_resource}}
