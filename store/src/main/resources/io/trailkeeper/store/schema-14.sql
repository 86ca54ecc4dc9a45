-- TrailKeeper store, schema version 14: s3_object_calls also lists S3 network activity events (calls through a VPC
-- endpoint, the denied ones included: eventCategory NetworkActivity) and keeps each call's event_category, so that
-- `investigate s3` counts them apart from the data events. The list is made again from the events when a store is
-- opened for writing, since store_meta's 's3_object_calls' is not this version's definition (see EventList).
ALTER TABLE s3_object_calls ADD COLUMN IF NOT EXISTS event_category VARCHAR;
