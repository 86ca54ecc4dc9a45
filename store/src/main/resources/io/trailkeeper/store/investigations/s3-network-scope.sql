-- s3: the bucket's network activity events (calls made through a VPC endpoint, recorded in the endpoint owner's
-- account; errorCode VpceAccessDenied when the endpoint's policy denied the call, which then never reached S3), with
-- the endpoint (vpcEndpointId, vpcEndpointAccountId) and the caller's account (userIdentity.accountId) read from the
-- raw records of the oldest $endpoints_limit calls (each is a raw record to read, and the store keeps no column for
-- them); the later calls' are NULL (read_raw false), and the answer says how many.
CREATE OR REPLACE TEMP TABLE tk_network AS
WITH calls AS MATERIALIZED (
    SELECT * FROM tk_calls WHERE event_category = 'NetworkActivity'
), detailed AS MATERIALIZED (
    SELECT call_id, raw_inline, raw_chunk, raw_offset, raw_length FROM calls
    ORDER BY event_time NULLS LAST, call_id
    LIMIT $endpoints_limit
), detail AS (
    SELECT call_id, tk_json(coalesce(raw_inline, tk_record(raw_chunk, raw_offset, raw_length))) AS record
    FROM detailed
)
SELECT c.*,
       d.record->>'$.vpcEndpointId' AS vpc_endpoint_id,
       d.record->>'$.vpcEndpointAccountId' AS vpc_endpoint_account_id,
       d.record->>'$.userIdentity.accountId' AS caller_account_id,
       d.record IS NOT NULL AS read_raw
FROM calls c LEFT JOIN detail d USING (call_id)
