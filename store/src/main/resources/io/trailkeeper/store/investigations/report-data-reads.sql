-- report, S3 reads (DataReads): what investigate key and actor tell of S3 reads (object-reads.sql), for every principal
-- report-data-readers.sql chose at once (tk_scope: their S3 calls in the report's selection), each principal a reader
-- of its own (object-reader-principal.sql): per principal and bucket, the objects read with the bytes carried out
-- (each principal's up to $bytes_limit reads), the reads refused, and whether the store holds any data event of the
-- bucket. One pass: a pass per principal took hours over the 97,000 principals of a 2 million event store.
SELECT *
FROM {{object_reads}} AS reads
ORDER BY reader, objects_read DESC, bucket_calls DESC, bucket
