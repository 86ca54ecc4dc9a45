-- who-deleted, after the fetch: a PutBucketVersioning that enables versioning destroys nothing and is dropped; one
-- that suspends it (VersioningConfiguration Status Suspended) or turns MFA delete off (MfaDelete Disabled) stays:
-- from then on an overwrite (an object encrypted in place with SSE-C) or a delete keeps no version to restore, and a
-- lifecycle rule expiring noncurrent versions removes those kept until then. As the rule
-- s3_bucket_versioning_suspended reads it. The record is read for those calls only.
DELETE FROM tk_scope
WHERE event_name = 'PutBucketVersioning'
  AND coalesce(json_extract_string(tk_json(coalesce(raw_inline, tk_record(raw_chunk, raw_offset, raw_length))),
          '$.requestParameters.VersioningConfiguration.Status'), '') <> 'Suspended'
  AND coalesce(json_extract_string(tk_json(coalesce(raw_inline, tk_record(raw_chunk, raw_offset, raw_length))),
          '$.requestParameters.VersioningConfiguration.MfaDelete'), '') <> 'Disabled'
