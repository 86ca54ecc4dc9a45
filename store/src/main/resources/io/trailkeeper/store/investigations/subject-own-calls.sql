-- Fragment (subject-calls.sql; and, for the report's reads and launches of every principal, in place of it:
-- DataReads, ComputeAbuse): the subject's own calls (tk_scope) with the columns subject-calls.sql gives.
SELECT event_time, aws_region, event_source, event_name, identity_type, principal_arn, user_name, access_key_id,
       source_ip, error_code, event_category, resources, record_hash, raw_chunk, raw_offset, raw_length, raw_inline
FROM tk_scope
