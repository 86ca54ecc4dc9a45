# s3: the bucket's data events from every share, counted per call.
{events: length, calls: (group_by(.) | map({key: .[0], value: (length | tostring)}) | from_entries)}
