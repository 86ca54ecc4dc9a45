-- Fragment (s3-customer-key.sql, story-object-changes.sql): whether an object write's raw record (record) was made with
-- a key the caller provided (SSE-C): x-amz-server-side-encryption-customer-algorithm in its request, or SSEApplied
-- SSE_C in additionalEventData (S3 records the one or the other). AWS keeps no copy of such a key.
record->>'$.additionalEventData.SSEApplied' = 'SSE_C'
OR json_exists(record, '$.requestParameters."x-amz-server-side-encryption-customer-algorithm"')
