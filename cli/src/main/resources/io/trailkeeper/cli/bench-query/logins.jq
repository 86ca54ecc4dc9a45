# logins, as jq over raw trail files (bench query's baseline).
# Answers: every console sign-in (ConsoleLogin from signin.amazonaws.com, any region): the region, the user (user
# name, else "root" for the root user, else the ARN, else "unknown") and the result (responseElements.ConsoleLogin,
# else Failure when the record has an error).
# Run: gzip -dc FILES | jq -c -f logins.jq; then logins-merge.jq over the output.
.Records[]
| select(.eventName == "ConsoleLogin" and .eventSource == "signin.amazonaws.com")
| [.awsRegion,
   (.userIdentity.userName // (if .userIdentity.type == "Root" then "root" else null end) // .userIdentity.arn
    // "unknown"),
   (.responseElements.ConsoleLogin // (if .errorCode or .errorMessage then "Failure" else "" end))]
