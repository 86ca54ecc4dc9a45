-- Fragment: an S3 object call (an S3 data event: a read, write or delete of objects). The store lists these calls
-- apart (s3_object_calls, see s3-calls-listed.sql) under this same definition.
event_category = 'Data' AND event_source = 's3.amazonaws.com'
