-- report, S3 reads (DataReads): the principals whose S3 calls in the report's selection (tk_report_s3: data and
-- management events of S3) came from a public address (public-address.sql), AWS services' calls left out. Each one's
-- reads are then told as investigate key and actor tell them (story-object-reads.sql): data taken out of AWS, or a
-- bucket looked at from outside whose object calls the store holds no data event of.
SELECT DISTINCT principal_arn
FROM tk_report_s3
WHERE principal_arn IS NOT NULL AND identity_type IS DISTINCT FROM 'AWSService' AND {{public_address}}
ORDER BY 1
