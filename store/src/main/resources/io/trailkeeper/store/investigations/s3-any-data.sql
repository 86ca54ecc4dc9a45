-- s3: whether the store holds any S3 data event at all (in any bucket, region or time), to say why there are none.
SELECT EXISTS (SELECT 1 FROM events WHERE event_category = 'Data' AND event_source = 's3.amazonaws.com') AS any_data
