# actor ARN|USER, as jq over raw trail files (bench query's baseline), second pass.
# Answers: every call of the principals whose ARN, user name or session issuer ARN contains $actor (any case), and
# every call signed by a session they created: the temporary keys their AssumeRole* calls received ($first, found
# by actor-first.jq). Each call as [own (true) or a session's (false), the session's ARN].
# Run: gzip -dc FILES | jq -c --arg actor ARN --argjson first '[KEYS]' -f actor.jq; then actor-merge.jq.
($actor | ascii_downcase) as $a
| .Records[]
| if ([.userIdentity.arn, .userIdentity.userName, .userIdentity.sessionContext.sessionIssuer.arn]
      | any(strings | ascii_downcase | contains($a))) then [true, ""]
  elif (.userIdentity.accessKeyId // "") as $k | $first | index($k) then [false, .userIdentity.arn]
  else empty end
