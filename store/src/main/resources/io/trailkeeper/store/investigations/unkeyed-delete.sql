-- Fragment (who-deleted): for an object or a prefix inside a bucket (bucket/key, bucket/prefix/), an object delete
-- (data event) of that bucket that names no object: a multi-object delete (DeleteObjects), whose record carries the
-- bucket only, never the keys it deleted (up to 1,000). It may have deleted the object; nothing in CloudTrail tells.
($is_prefix AND $key_prefix <> '' AND event_category = 'Data' AND list_contains(resources, $bucket)
    AND len(list_filter(resources, lambda x: contains(x, ':s3:::' || $bucket || '/'))) = 0)
