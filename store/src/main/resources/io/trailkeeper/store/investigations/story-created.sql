-- created: successful management calls that create, change or remove something, oldest first, by the verbs that do:
-- Create*, Run*, Put*, Attach*, Detach* (an SCP taken off an account or OU), Authorize*, Add*, Import*, Register*,
-- Upload*, and those that share, copy, switch or take away: Modify* (ModifySnapshotAttribute and
-- ModifyImageAttribute sharing a snapshot or an AMI, ModifyDBSnapshotAttribute a DB snapshot), Copy*, Share*,
-- Enable*, Disable*, Deactivate*, Set*, Delete* (an access key the intruder made, deleted again), and IAM's Update*
-- (UpdateAccessKey, UpdateAssumeRolePolicy, UpdateLoginProfile), Stop* (StopLogging, StopConfigurationRecorder),
-- the calls that take compute (Request*: RequestSpotInstances, RequestServiceQuotaIncrease; EC2's StartInstances and
-- instance profile associations; SSM's SendCommand, StartSession, StartAutomationExecution) and
-- the updates that weaken what records the account: UpdateTrail (made single-region) and UpdateDetector (GuardDuty
-- disabled), Lambda's updates (UpdateFunctionCode and UpdateFunctionConfiguration replace the code a function runs
-- with its role, or add a layer or an environment variable; UpdateFunctionUrlConfig can open its URL to anyone; a
-- function's code replaced, unless routinely: 3 times or more from one address) and the exports that copy data
-- out (Export*: ExportTableToPointInTime writes a DynamoDB table to a bucket that may be another account's;
-- ExportImage, ExportSnapshot). Not every call CloudTrail marks readOnly false: a CI key's routine UpdateStack and
-- UpdateFunctionCode would bury the few calls that tell an intrusion under the first rows shown. Sign-ins and the
-- calls that issue sessions (the sessions sections tell them) are not among these verbs. With the names from the request and the
-- response (the ids of what was made come from the raw record's responseElements, read for the rows shown only).
-- The sessions it issued count as its own (subject-calls.sql): an intruder's changes are made with the session keys of
-- the roles it assumed, in the accounts it hopped into, and a list of the subject's own calls only said 'nothing
-- created' of a key whose sessions detached an organization's SCP.
WITH shown AS MATERIALIZED (
    SELECT *
    FROM {{subject_calls}} AS calls
    WHERE error_code IS NULL AND coalesce(event_category, 'Management') <> 'Data'
      AND (starts_with(event_name, 'Create') OR starts_with(event_name, 'Run') OR starts_with(event_name, 'Put')
           OR starts_with(event_name, 'Attach') OR starts_with(event_name, 'Detach')
           OR starts_with(event_name, 'Authorize')
           OR starts_with(event_name, 'Add') OR starts_with(event_name, 'Import')
           OR starts_with(event_name, 'Register') OR starts_with(event_name, 'Upload')
           OR starts_with(event_name, 'Modify') OR starts_with(event_name, 'Copy') OR starts_with(event_name, 'Share')
           OR starts_with(event_name, 'Enable') OR starts_with(event_name, 'Disable')
           OR starts_with(event_name, 'Deactivate') OR starts_with(event_name, 'Set')
           OR starts_with(event_name, 'Delete')
           OR starts_with(event_name, 'Stop')
           -- compute taken: spot instances and fleets, service quotas raised (Request*), a stopped instance started
           -- again (its user data replaced), commands and shells on instances, an instance given another role
           OR starts_with(event_name, 'Request')
           OR (event_name IN ('StartInstances', 'AssociateIamInstanceProfile', 'ReplaceIamInstanceProfileAssociation')
               AND event_source = 'ec2.amazonaws.com')
           OR (event_name IN ('SendCommand', 'StartSession', 'StartAutomationExecution')
               AND event_source = 'ssm.amazonaws.com')
           OR (starts_with(event_name, 'Update') AND event_source = 'iam.amazonaws.com')
           OR (event_name = 'UpdateTrail' AND event_source = 'cloudtrail.amazonaws.com')
           OR (event_name = 'UpdateDetector' AND event_source = 'guardduty.amazonaws.com')
           -- a function's configuration changed (a layer, an environment variable, its role) or its URL opened; its
           -- code replaced unless the subject replaced that function's code 3 times or more from that address: a
           -- CI's routine deploys (a hundred, from two runners) would bury the intrusion's few calls
           OR (starts_with(event_name, 'Update') AND event_source = 'lambda.amazonaws.com'
               AND NOT (starts_with(event_name, 'UpdateFunctionCode') AND (
                   SELECT count(*) FROM {{subject_calls}} AS deploys
                   WHERE deploys.event_source = calls.event_source AND deploys.event_name = calls.event_name
                     AND deploys.error_code IS NULL
                     AND deploys.source_ip IS NOT DISTINCT FROM calls.source_ip
                     AND deploys.resources IS NOT DISTINCT FROM calls.resources) >= 3))
           OR starts_with(event_name, 'Export'))
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
FROM (SELECT *, tk_json(coalesce(raw_inline, tk_record(raw_chunk, raw_offset, raw_length))) AS record FROM shown)
ORDER BY event_time NULLS LAST, event_name, record_hash
