-- Fragment (in place of object-read-bytes.sql, for key and actor): the bytes of the reads, from the records
-- subject-s3-records.sql decoded once for object_reads and object_changes.
SELECT g.reader, g.bucket, CAST(sum(r.bytes_out) AS BIGINT) AS bytes_out
FROM gets g JOIN tk_subject_s3_records r USING (record_hash)
WHERE g.reads <= $bytes_limit
GROUP BY g.reader, g.bucket
