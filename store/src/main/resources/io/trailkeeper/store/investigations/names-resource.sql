-- Fragment: the event names the resource. resources holds the ARNs of resources[] and the names, ARNs and ids
-- of requestParameters. A value names it when it is the subject, or an ARN or path ending in ':subject' or
-- '/subject'; for an object prefix (bucket/prefix/), an object ARN under it, or the bucket with a key under it.
(len(list_filter(resources, lambda x: x = $subject OR ends_with(x, $arn_suffix) OR ends_with(x, $path_suffix)
        OR ($is_prefix AND starts_with(x, $s3_prefix)))) > 0
    OR ($is_prefix AND list_contains(resources, $bucket)
        AND len(list_filter(resources, lambda x: starts_with(x, $key_prefix))) > 0))
