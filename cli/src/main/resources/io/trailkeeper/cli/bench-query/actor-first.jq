# actor ARN|USER, first pass (bench query's baseline): the temporary keys that the principal's AssumeRole* calls
# received (responseElements.credentials.accessKeyId). The principal is every one whose ARN, user name or session
# issuer ARN contains $actor, any case (a case-insensitive regular expression of $actor with its special characters
# escaped: three times faster in jq 1.6 than ascii_downcase). jq cannot know the keys before it has read those
# calls, so the actor's question takes two scans of the files: this one, then actor.jq.
# Run: gzip -dc FILES | jq -c --arg actor ARN -f actor-first.jq; then actor-first-merge.jq over the output.
def literal: [explode[] | . as $c | if ([46, 42, 43, 63, 94, 36, 123, 125, 40, 41, 124, 91, 93, 92] | index($c))
                                    then (92, $c) else $c end] | implode;
($actor | literal) as $re
| .Records[]
| select(.eventSource == "sts.amazonaws.com" and (.eventName // "" | startswith("AssumeRole")))
| select([.userIdentity.arn, .userIdentity.userName, .userIdentity.sessionContext.sessionIssuer.arn]
         | any(strings | test($re; "i")))
| .responseElements.credentials.accessKeyId // empty
