# actor ARN|USER, first pass (bench query's baseline): the temporary keys that the principal's AssumeRole* calls
# received (responseElements.credentials.accessKeyId). The principal is every one whose ARN, user name or session
# issuer ARN contains $actor, any case. jq cannot know the keys before it has read those calls, so the actor's
# question takes two scans of the files: this one, then actor.jq.
# Run: gzip -dc FILES | jq -c --arg actor ARN -f actor-first.jq; then actor-first-merge.jq over the output.
($actor | ascii_downcase) as $a
| .Records[]
| select(.eventSource == "sts.amazonaws.com" and (.eventName // "" | startswith("AssumeRole")))
| select([.userIdentity.arn, .userIdentity.userName, .userIdentity.sessionContext.sessionIssuer.arn]
         | any(strings | ascii_downcase | contains($a)))
| .responseElements.credentials.accessKeyId // empty
