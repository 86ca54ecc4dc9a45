-- Fragment (object-reads.sql, for the report: report-data-reads.sql): per reader and bucket, the bytes its reads
-- carried out (gets: each reader's, when at most $bytes_limit), read from the raw records in the raw chunks' order
-- (each record would decompress its chunk again), in an aggregate over the ordered rows: the record is decoded above
-- the sort.
SELECT reader, bucket,
       CAST(sum(TRY_CAST(tk_json(coalesce(raw_inline, tk_record(raw_chunk, raw_offset, raw_length)))
               ->>'$.additionalEventData.bytesTransferredOut' AS BIGINT)) AS BIGINT) AS bytes_out
FROM (SELECT * FROM gets WHERE reads <= $bytes_limit ORDER BY raw_chunk, raw_offset)
GROUP BY reader, bucket
