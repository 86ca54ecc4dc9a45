# actor ARN, as jq over raw trail files (bench query's baseline), second pass.
# Answers: every call made by the principal $actor (userIdentity.arn), and every call made by a session it created,
# known by the temporary keys its AssumeRole calls received ($first, found by actor-first.jq): time, call, who.
# Run: gzip -dc FILES | jq -c --arg actor ARN --argjson first '[KEYS]' -f actor.jq; then actor-merge.jq.
.Records[]
| select(.userIdentity.arn == $actor or ((.userIdentity.accessKeyId // "") as $k | $first | index($k)))
| [.eventTime, .eventName, (.userIdentity.arn // "")]
