-- s3: the bucket's network activity events (calls made through a VPC endpoint, recorded in the endpoint owner's
-- account; errorCode VpceAccessDenied when the endpoint's policy denied the call, which then never reached S3), with
-- the endpoint (vpcEndpointId, vpcEndpointAccountId) and the caller's account (userIdentity.accountId) read from the
-- raw records when at most $bytes_limit calls match (each is a raw record to read); otherwise NULL, and the answer
-- says so.
CREATE OR REPLACE TEMP TABLE tk_network AS
WITH calls AS MATERIALIZED (
    SELECT * FROM tk_calls WHERE event_category = 'NetworkActivity'
), detail AS (
    SELECT call_id, CAST(coalesce(raw_inline, tk_record(raw_chunk, raw_offset, raw_length)) AS JSON) AS record
    FROM calls
    WHERE (SELECT count(*) FROM calls) <= $bytes_limit
)
SELECT c.*,
       d.record->>'$.vpcEndpointId' AS vpc_endpoint_id,
       d.record->>'$.vpcEndpointAccountId' AS vpc_endpoint_account_id,
       d.record->>'$.userIdentity.accountId' AS caller_account_id,
       d.record IS NOT NULL AS read_raw
FROM calls c LEFT JOIN detail d USING (call_id)
