-- actor: the AssumeRole* calls the principals made (oldest first, as many as rows are shown), with the session's
-- key and ARN from the raw record's response, for the sessions' own activity.
CREATE OR REPLACE TEMP TABLE tk_sessions AS
WITH calls AS MATERIALIZED (
    SELECT *
    FROM tk_scope
    WHERE event_source = 'sts.amazonaws.com' AND starts_with(event_name, 'AssumeRole')
    ORDER BY event_time NULLS LAST, record_hash
    LIMIT $row_cap
), detail AS (
    SELECT *, CAST(coalesce(raw_inline, tk_record(raw_chunk, raw_offset, raw_length)) AS JSON) AS record FROM calls
)
SELECT event_time, aws_region, event_name, principal_arn, user_name, identity_type, access_key_id, source_ip,
       error_code, record_hash,
       record->>'$.requestParameters.roleArn' AS role_arn,
       record->>'$.requestParameters.roleSessionName' AS session_name,
       record->>'$.responseElements.credentials.accessKeyId' AS session_key,
       record->>'$.responseElements.assumedRoleUser.arn' AS session_arn
FROM detail
