-- Fragment (who-deleted): for an object or a prefix inside a bucket (bucket/key, bucket/prefix/), an object delete
-- (data event) of that bucket that names no object: a multi-object delete (DeleteObjects), whose record carries the
-- bucket only, never the keys it deleted (up to 1,000). It may have deleted the object; nothing in CloudTrail tells.
-- Its resources[] may name the whole bucket as a prefix (ARNPrefix arn:aws:s3:::bucket/): that names no object.
($is_prefix AND $key_prefix <> '' AND event_category = 'Data' AND list_contains(resources, $bucket)
    AND len(list_filter(resources, lambda x: contains(x, ':s3:::' || $bucket || '/')
        AND NOT ends_with(x, ':s3:::' || $bucket || '/'))) = 0)
