# s3 BUCKET, as jq over raw trail files (bench query's baseline).
# Answers: every S3 data event (eventCategory Data) on bucket $bucket (requestParameters.bucketName): its call.
# Run: gzip -dc FILES | jq -c --arg bucket NAME -f s3.jq; then s3-merge.jq over the output.
.Records[]
| select(.eventCategory == "Data" and .requestParameters.bucketName == $bucket)
| .eventName
