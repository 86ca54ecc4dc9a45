-- Fragment: an S3 call the store lists by bucket (s3_object_calls, see s3-calls-listed.sql): an S3 data event (a
-- read, write or delete of objects, s3-object-call.sql), or an S3 network activity event (eventCategory
-- NetworkActivity: a call made through a VPC endpoint, recorded in the endpoint owner's account, including the calls
-- the endpoint's policy denied, errorCode VpceAccessDenied). The same call is a data event too only where a trail's
-- data event selector logs it: `investigate s3` counts the two apart, by event_category.
event_source = 's3.amazonaws.com' AND event_category IN ('Data', 'NetworkActivity')
