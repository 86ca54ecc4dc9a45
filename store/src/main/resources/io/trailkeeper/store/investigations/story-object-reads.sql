-- key / actor, object_reads: per bucket, the S3 objects the subject and the sessions it issued (subject-calls.sql) read,
-- the bytes they carried out, the reads refused, the other object calls and the calls on the bucket itself, and whether
-- the store holds any data event of the bucket (object-reads.sql, the subject its one reader).
SELECT * EXCLUDE (reader)
FROM {{object_reads}} AS reads
ORDER BY objects_read DESC, bucket_calls DESC, bucket
