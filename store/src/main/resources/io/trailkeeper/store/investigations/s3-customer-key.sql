-- s3 / operations, who-deleted of a bucket (its bucket's data events: s3-data-calls.sql, bucket-data-calls.sql): the
-- objects written with a key the caller provided (SSE-C), per principal: a PutObject, CopyObject or
-- CreateMultipartUpload that succeeded with such a key (customer-key-write.sql). AWS keeps no copy of such a key:
-- whoever lacks it cannot read the object, and a CopyObject onto the object itself (copied-onto-itself.sql) is its
-- encryption in place, as S3 ransomware does it. The raw records of the bucket's successful writes are read, when at
-- most $key_limit.
WITH writes AS MATERIALIZED (
    SELECT * FROM {{bucket_data_calls}} AS calls
    WHERE error_code IS NULL AND event_name IN ('PutObject', 'CopyObject', 'CreateMultipartUpload')
), detail AS (
    -- an aggregate over the rows sorted by raw chunk: each record is decoded above the sort, its chunk decompressed
    -- once for all of its writes (DuckDB's optimizer would push a projection below the ORDER BY)
    SELECT any_value(principal_arn) AS principal_arn, any_value(user_name) AS user_name,
           any_value(identity_type) AS identity_type, any_value(event_name) AS event_name,
           any_value(source_ip) AS source_ip, any_value(event_time) AS event_time,
           any_value(CAST(coalesce(raw_inline, tk_record(raw_chunk, raw_offset, raw_length)) AS JSON)) AS record
    FROM (SELECT * FROM writes WHERE (SELECT count(*) FROM writes) <= $key_limit ORDER BY raw_chunk, raw_offset)
    GROUP BY call_id
), customer_key AS (
    SELECT *, coalesce({{copied_onto_itself}}, false) AS in_place
    FROM detail
    WHERE {{customer_key_write}}
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
