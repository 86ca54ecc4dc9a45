-- Fragment (who-deleted-logging.sql; the report's destructive calls, ReportQueries.namedCalls): whether a call is a
-- PutBucketLogging that keeps a bucket's server access logging on (turns it on, or points it to another bucket): its
-- BucketLoggingStatus has LoggingEnabled. One without it switches logging off (S3 records {"xmlns": ...}, {} or none
-- at all), as the rule s3_server_access_logging_disabled reads it. The raw record is read for PutBucketLogging only.
CASE WHEN event_name = 'PutBucketLogging'
     THEN coalesce(json_exists(tk_json(coalesce(raw_inline, tk_record(raw_chunk, raw_offset, raw_length))),
                               '$.requestParameters.BucketLoggingStatus.LoggingEnabled'), false)
     ELSE false END
