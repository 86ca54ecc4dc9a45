-- s3: whether the store holds any S3 data event at all (in any bucket, region or time), to say why there are none.
SELECT EXISTS (SELECT 1 FROM events WHERE {{s3_object_call}}) AS any_data
