# who-deleted RESOURCE, as jq over raw trail files (bench query's baseline).
# Answers: every call, in any region, whose name starts with Delete, Terminate or Remove and whose request
# parameters or resources name $subject (as a substring of their JSON), with when, which call, the region that
# recorded it, who (ARN, access key), from where (IP) and its error code.
# Run: gzip -dc FILES | jq -c --arg subject NAME -f who-deleted.jq; then who-deleted-merge.jq over the output.
.Records[]
| select(((.eventName // "") | startswith("Delete") or startswith("Terminate") or startswith("Remove"))
         and (((.requestParameters // {}) | tostring | contains($subject))
              or ((.resources // []) | tostring | contains($subject))))
| [.eventTime, .eventName, .awsRegion, (.userIdentity.arn // ""), (.userIdentity.accessKeyId // ""),
   (.sourceIPAddress // ""), (.errorCode // "")]
