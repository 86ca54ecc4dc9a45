-- s3: whether the bucket's object calls in the window, whoever made them (run with --actor, --key and --ip not
-- applied), include reads and writes at all, failed ones too: data events only (a network activity event is
-- recorded whatever the data event selectors log). A trail's data event selector may log only writes
-- (ReadWriteType WriteOnly, or readOnly false) or only reads: then the other kind's 0 says nothing.
SELECT coalesce(bool_or(read_only), false) AS reads_logged,
       coalesce(bool_or(NOT read_only), false) AS writes_logged
FROM ({{s3_calls}})
WHERE event_category = 'Data'
