-- actor, key: the STS calls the principals (or the key) made that issue a session's key, oldest first, as many as
-- rows are shown, with the session's key and ARN from the raw record's response, for the sessions' own activity.
-- actor: AssumeRole* (a user's GetSessionToken session calls as the user, already in the actor's story); key
-- ($any_session_call): GetSessionToken and GetFederationToken too, since the session keys they issue are other keys.
CREATE OR REPLACE TEMP TABLE tk_sessions AS
WITH calls AS MATERIALIZED (
    SELECT *
    FROM tk_scope
    WHERE event_source = 'sts.amazonaws.com'
      AND (starts_with(event_name, 'AssumeRole')
           OR ($any_session_call AND event_name IN ('GetSessionToken', 'GetFederationToken')))
    ORDER BY event_time NULLS LAST, record_hash
    LIMIT $row_cap
), detail AS (
    SELECT *, CAST(coalesce(raw_inline, tk_record(raw_chunk, raw_offset, raw_length)) AS JSON) AS record FROM calls
)
SELECT event_time, aws_region, event_name, principal_arn, user_name, identity_type, access_key_id, source_ip,
       error_code, record_hash,
       record->>'$.requestParameters.roleArn' AS role_arn,
       coalesce(record->>'$.requestParameters.roleSessionName', record->>'$.requestParameters.name') AS session_name,
       record->>'$.responseElements.credentials.accessKeyId' AS session_key,
       coalesce(record->>'$.responseElements.assumedRoleUser.arn', record->>'$.responseElements.federatedUser.arn')
           AS session_arn
FROM detail
