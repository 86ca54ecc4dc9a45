# actor ARN, first pass (bench query's baseline): the temporary access keys that the principal $actor's
# AssumeRole calls received (responseElements.credentials.accessKeyId). jq cannot know them before it has read
# those calls, so the actor's question takes two scans of the files: this one, then actor.jq.
# Run: gzip -dc FILES | jq -c --arg actor ARN -f actor-first.jq; then actor-first-merge.jq over the output.
.Records[]
| select(.userIdentity.arn == $actor and .eventName == "AssumeRole")
| .responseElements.credentials.accessKeyId // empty
