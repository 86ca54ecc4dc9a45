# s3 BUCKET, as jq over raw trail files (bench query's baseline).
# Answers: every S3 data event (eventCategory Data from s3.amazonaws.com) on bucket $bucket (its name in
# requestParameters.bucketName, or its ARN in resources[]): its call.
# Run: gzip -dc FILES | jq -c --arg bucket NAME -f s3.jq; then s3-merge.jq over the output.
("arn:aws:s3:::" + $bucket) as $arn
| .Records[]
| select(.eventCategory == "Data" and .eventSource == "s3.amazonaws.com")
| select(.requestParameters.bucketName == $bucket or ((.resources // []) | any(.ARN == $arn)))
| .eventName
