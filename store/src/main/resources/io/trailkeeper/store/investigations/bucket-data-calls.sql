-- Fragment (s3-customer-key.sql, in who-deleted of a bucket): the bucket's object calls that are data events, read as
-- the s3 investigation reads them ({{s3_calls}}: $bucket, $bucket_arn, the window and the filters).
SELECT * FROM {{s3_calls}} AS calls WHERE event_category = 'Data'
