# s3: the bucket's data events from every share, counted by call and by principal and IP.
{events: length, calls: (group_by(.[1]) | map({key: .[0][1], value: length}) | from_entries),
 principalIps: (group_by([.[2], .[3]]) | length)}
