# who-deleted RESOURCE, as jq over raw trail files (bench query's baseline).
# Answers: every call, in any region, that deletes, terminates or removes something (eventName starting with
# Delete, Terminate, Remove, Deregister or Purge) or destroys the evidence about it (StopLogging,
# PutBucketLifecycle[Configuration], ScheduleKeyDeletion, DisableKey, PutRetentionPolicy), and that names RESOURCE
# ($subject): an ARN in resources[] or a string in requestParameters is $subject or ends with ":$subject" or
# "/$subject". Object deletes (S3 data events) are left out: RESOURCE here is a bucket, whose objects are the s3
# question's. For each: when, the region that recorded it, the call, the result, who (ARN, access key), from where.
# (The first test on the text of requestParameters and resources only spares walking them where $subject is absent.)
# Run: gzip -dc FILES | jq -c --arg subject NAME -f who-deleted.jq; then who-deleted-merge.jq over the output.
.Records[]
| select(.eventCategory != "Data")
| select((.eventName // "") as $n
         | ($n | startswith("Delete") or startswith("Terminate") or startswith("Remove") or startswith("Deregister")
                 or startswith("Purge"))
           or any("StopLogging", "PutBucketLifecycle", "PutBucketLifecycleConfiguration", "ScheduleKeyDeletion",
                  "DisableKey", "PutRetentionPolicy"; . == $n))
| select((.requestParameters | tostring | contains($subject)) or (.resources | tostring | contains($subject)))
| select([(.resources // [])[]?.ARN, (.requestParameters | .. | strings)]
         | any(. == $subject or endswith(":" + $subject) or endswith("/" + $subject)))
| [.eventTime, .awsRegion, .eventName, (.errorCode // "success"),
   (.userIdentity.arn // .userIdentity.userName // .userIdentity.type), (.userIdentity.accessKeyId // ""),
   (.sourceIPAddress // "")]
