# logins, as jq over raw trail files (bench query's baseline).
# Answers: every console sign-in (eventName ConsoleLogin), in any region: time, region, user, result, MFA, IP.
# Run: gzip -dc FILES | jq -c -f logins.jq; then logins-merge.jq over the output.
.Records[]
| select(.eventName == "ConsoleLogin")
| [.eventTime, .awsRegion, (.userIdentity.userName // .userIdentity.arn // ""),
   (.responseElements.ConsoleLogin // (if .errorCode then "Failure" else "" end)),
   (.additionalEventData.MFAUsed // ""), (.sourceIPAddress // "")]
