-- key, actor: the subject's events in the window ({{who}}: one key, or the principals matching the text), typed
-- columns only, in one pass; every section reads this table.
CREATE OR REPLACE TEMP TABLE tk_scope AS
SELECT event_time, aws_region, event_source, event_name, identity_type, principal_arn, user_name, access_key_id,
       session_issuer_arn, source_ip, user_agent, error_code, read_only, event_category, resources, record_hash,
       raw_chunk, raw_offset, raw_length
FROM events
WHERE {{who}} AND {{window}}
