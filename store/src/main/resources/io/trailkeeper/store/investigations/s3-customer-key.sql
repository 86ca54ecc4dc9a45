-- s3 / operations: the objects written with a key the caller provided (SSE-C), per principal: a PutObject, CopyObject
-- or CreateMultipartUpload that succeeded with x-amz-server-side-encryption-customer-algorithm in its request, or
-- SSEApplied SSE_C in additionalEventData. AWS keeps no copy of such a key: whoever lacks it cannot read the object,
-- and a CopyObject onto the object itself (x-amz-copy-source the same bucket and key) is its encryption in place,
-- as S3 ransomware does it. The raw records of the bucket's successful writes are read, when at most $key_limit.
WITH writes AS MATERIALIZED (
    SELECT * FROM tk_scope
    WHERE kind = 'write' AND error_code IS NULL AND event_name IN ('PutObject', 'CopyObject', 'CreateMultipartUpload')
), detail AS (
    SELECT *, CAST(coalesce(raw_inline, tk_record(raw_chunk, raw_offset, raw_length)) AS JSON) AS record
    FROM writes
    WHERE (SELECT count(*) FROM writes) <= $key_limit
), customer_key AS (
    SELECT *,
           -- the copy's source, without a leading '/' or a ?versionId=, URL-decoded as S3 takes it
           regexp_replace(url_decode(ltrim(record->>'$.requestParameters."x-amz-copy-source"', '/')), '\?versionId=.*$',
               '') = concat(record->>'$.requestParameters.bucketName', '/', record->>'$.requestParameters.key')
               AS in_place
    FROM detail
    WHERE record->>'$.additionalEventData.SSEApplied' = 'SSE_C'
       OR json_exists(record, '$.requestParameters."x-amz-server-side-encryption-customer-algorithm"')
)
SELECT coalesce(principal_arn, user_name, identity_type) AS principal,
       count(*) AS objects,
       count(*) FILTER (WHERE event_name = 'CopyObject' AND in_place) AS copied_onto_themselves,
       array_to_string((list(DISTINCT source_ip ORDER BY source_ip) FILTER (WHERE source_ip IS NOT NULL))[1:3], ', ')
           AS some_ips,
       min(event_time) AS first_write,
       max(event_time) AS last_write
FROM customer_key
GROUP BY ALL
ORDER BY objects DESC, principal
