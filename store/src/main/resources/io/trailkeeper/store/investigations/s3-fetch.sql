-- s3, second step: the columns the s3 sections read, of the object calls found (tk_ids, $fetch_rows of them). A
-- busy bucket's calls are everywhere in the store: fewer columns is what keeps this short.
CREATE OR REPLACE TEMP TABLE tk_scope AS
SELECT event_time, aws_region, event_name, identity_type, principal_arn, user_name, access_key_id, source_ip,
       error_code, read_only, resources, record_hash, raw_chunk, raw_offset, raw_length
FROM events
WHERE rowid IN (SELECT rid FROM tk_ids)
LIMIT $fetch_rows
