-- s3: the bucket's calls in the window, data and network activity events, with --actor/--ip applied and only the
-- columns the s3 sections read, each with an id of its own (call_id: its raw record's place in the store, its negative
-- row id in the lake). They come from the store's list of them (s3-calls-listed.sql), or from the events of a store
-- from before the list (s3-calls-scan.sql). Each call's kind, as the sections count them: delete (Delete*), read
-- (readOnly; a network activity event has no readOnly: its call's name tells, Get*, Head*, List*) or write; and a
-- network activity event of the bucket itself (CreateBucket, DeleteBucket, PutBucketPolicy, ListBuckets...: a
-- management event too, no object call) is of kind bucket.
CREATE OR REPLACE TEMP TABLE tk_calls AS
SELECT *, CASE WHEN event_category = 'NetworkActivity' AND contains(event_name, 'Bucket') THEN 'bucket'
               WHEN starts_with(event_name, 'Delete') THEN 'delete'
               WHEN coalesce(read_only, event_category = 'NetworkActivity' AND (starts_with(event_name, 'Get')
                   OR starts_with(event_name, 'Head') OR starts_with(event_name, 'List'))) THEN 'read'
               ELSE 'write' END AS kind
FROM {{s3_calls}}
