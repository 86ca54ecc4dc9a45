# key ACCESS_KEY_ID, as jq over raw trail files (bench query's baseline).
# Answers: every call signed with the access key $key (userIdentity.accessKeyId), reduced to what the key's
# story needs: time, region, IP, call and error code.
# Run: gzip -dc FILES | jq -c --arg key AKIA... -f key.jq; then key-merge.jq over the output.
.Records[]
| select(.userIdentity.accessKeyId == $key)
| [.eventTime, .awsRegion, .sourceIPAddress, .eventSource, .eventName, .errorCode]
