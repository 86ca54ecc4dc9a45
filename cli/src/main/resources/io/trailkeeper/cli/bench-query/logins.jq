# logins, as jq over raw trail files (bench query's baseline).
# Answers: every console sign-in (eventName ConsoleLogin, any region): region, user, result (responseElements
# ConsoleLogin, or Failure when the call failed).
# Run: gzip -dc FILES | jq -c -f logins.jq; then logins-merge.jq over the output.
.Records[]
| select(.eventName == "ConsoleLogin")
| [.awsRegion, (.userIdentity.userName // .userIdentity.arn // ""),
   (if .errorCode or .responseElements.ConsoleLogin == "Failure" then "Failure" else "Success" end)]
