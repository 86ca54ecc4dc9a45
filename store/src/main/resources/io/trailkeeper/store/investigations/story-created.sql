-- created: successful management calls that create, change or remove something, oldest first: those CloudTrail
-- marks readOnly false (ModifySnapshotAttribute sharing a snapshot, UpdateAccessKey, DeleteAccessKey as much as
-- CreateUser), and, where a record carries no readOnly, those named Create*, Run*, Put*, Attach*, Authorize*, Add*,
-- Import*, Register*, Upload*, Modify*, Update*, Delete*. Sign-ins (signin.amazonaws.com: readOnly false, no change)
-- are left out, and so are the calls that issue sessions (AssumeRole*, GetSessionToken...: the sessions sections tell
-- them, with what the sessions did).
-- With the names from the request and the response (the ids of what was made come from the raw record's
-- responseElements, read for the rows shown only).
WITH shown AS MATERIALIZED (
    SELECT *
    FROM tk_scope
    WHERE error_code IS NULL AND coalesce(event_category, 'Management') <> 'Data'
      AND event_source IS DISTINCT FROM 'signin.amazonaws.com'
      AND event_name NOT IN ('AssumeRole', 'AssumeRoleWithSAML', 'AssumeRoleWithWebIdentity', 'AssumeRoot',
                             'GetSessionToken', 'GetFederationToken')
      AND (read_only IS NOT DISTINCT FROM false
           OR (read_only IS NULL
               AND (starts_with(event_name, 'Create') OR starts_with(event_name, 'Run')
                    OR starts_with(event_name, 'Put') OR starts_with(event_name, 'Attach')
                    OR starts_with(event_name, 'Authorize') OR starts_with(event_name, 'Add')
                    OR starts_with(event_name, 'Import') OR starts_with(event_name, 'Register')
                    OR starts_with(event_name, 'Upload') OR starts_with(event_name, 'Modify')
                    OR starts_with(event_name, 'Update') OR starts_with(event_name, 'Delete'))))
    ORDER BY event_time NULLS LAST, event_name, record_hash
    LIMIT $row_cap
)
SELECT event_time,
       aws_region AS region,
       event_name AS call,
       resources AS request_names,
       CAST(json_extract(record, '$.responseElements') AS VARCHAR) AS response,
       coalesce(principal_arn, user_name, identity_type) AS principal,
       -- a service that made the call with the principal's credentials (CloudFormation creating a stack's resources):
       -- the principal asked for the stack, the service chose what to create
       CASE WHEN identity_type IS DISTINCT FROM 'AWSService' THEN record->>'$.userIdentity.invokedBy' END AS invoked_by,
       source_ip
FROM (SELECT *, CAST(coalesce(raw_inline, tk_record(raw_chunk, raw_offset, raw_length)) AS JSON) AS record FROM shown)
ORDER BY event_time NULLS LAST, event_name, record_hash
