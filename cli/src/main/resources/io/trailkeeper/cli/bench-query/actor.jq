# actor ARN|USER, as jq over raw trail files (bench query's baseline), second pass.
# Answers: every call of the principals whose ARN, user name or session issuer ARN contains $actor (any case, as in
# actor-first.jq), and every call signed by a session they created: the temporary keys their AssumeRole* calls
# received ($first, found by actor-first.jq). Each call as [own (true) or a session's (false), the session's ARN].
# Run: gzip -dc FILES | jq -c --arg actor ARN --argjson first '[KEYS]' -f actor.jq; then actor-merge.jq.
def literal: [explode[] | . as $c | if ([46, 42, 43, 63, 94, 36, 123, 125, 40, 41, 124, 91, 93, 92] | index($c))
                                    then (92, $c) else $c end] | implode;
($actor | literal) as $re
| .Records[]
| if ([.userIdentity.arn, .userIdentity.userName, .userIdentity.sessionContext.sessionIssuer.arn]
      | any(strings | test($re; "i"))) then [true, ""]
  elif (.userIdentity.accessKeyId // "") as $k | $first | index($k) then [false, .userIdentity.arn]
  else empty end
