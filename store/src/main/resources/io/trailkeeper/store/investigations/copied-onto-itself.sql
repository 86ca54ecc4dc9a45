-- Fragment (s3-customer-key.sql, story-object-changes.sql): whether a write's raw record (record) is a CopyObject onto
-- the object itself (x-amz-copy-source the same bucket and key): with a customer-provided key, its encryption in place,
-- as S3 ransomware does it. The copy's source is taken without a leading '/' or a ?versionId=, URL-decoded as S3 takes
-- it.
event_name = 'CopyObject'
AND regexp_replace(url_decode(ltrim(record->>'$.requestParameters."x-amz-copy-source"', '/')), '\?versionId=.*$', '')
    = concat(record->>'$.requestParameters.bucketName', '/', record->>'$.requestParameters.key')
