-- s3 / operations, who-deleted of a bucket (its bucket's data events: s3-data-calls.sql, bucket-data-calls.sql): the
-- objects written with a key the caller provided (SSE-C), per principal: a PutObject, CopyObject or
-- CreateMultipartUpload that succeeded with such a key (customer-key-write.sql). AWS keeps no copy of such a key:
-- whoever lacks it cannot read the object, and a CopyObject onto the object itself (copied-onto-itself.sql) is its
-- encryption in place, as S3 ransomware does it. The raw records of the bucket's successful writes are read, when at
-- most $key_limit (customer-key-detail.sql; s3: customer-key-scope.sql, its one pass over the raw records).
WITH writes AS MATERIALIZED (
    SELECT * FROM {{bucket_data_calls}} AS calls
    WHERE error_code IS NULL AND event_name IN ('PutObject', 'CopyObject', 'CreateMultipartUpload')
), detail AS {{customer_key_detail}}, customer_key AS (
    SELECT * FROM detail WHERE customer_key
)
SELECT coalesce(principal_arn, user_name, identity_type) AS principal,
       count(*) AS objects,
       count(*) FILTER (WHERE in_place) AS copied_onto_themselves,
       array_to_string((list(DISTINCT source_ip ORDER BY source_ip) FILTER (WHERE source_ip IS NOT NULL))[1:3], ', ')
           AS some_ips,
       min(event_time) AS first_write,
       max(event_time) AS last_write
FROM customer_key
GROUP BY ALL
ORDER BY objects DESC, principal
