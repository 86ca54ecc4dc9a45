-- Fragment: a sign-in that failed, which AWS records without an errorCode. A console sign-in's record says
-- responseElements.ConsoleLogin Failure and errorMessage "Failed authentication" (a record without the response fails
-- when it has a message, as logins-scope.sql judges it); a credential that IAM Identity Center's (or a smart card
-- user's) sign-in rejected is a CredentialVerification whose serviceEventDetails.CredentialVerification says Failure.
-- The store keeps both in the original record only. The event's source and name are tested in a CASE, which DuckDB
-- evaluates before its branches, so that only sign-ins' records are read (an AND may be reordered). One rule for
-- query --error any and the report's failed calls (QuerySql.FAILED_CALL), the actor story's errors
-- (story-failed-sign-ins.sql) and logins' failed verifications (logins-other-sign-ins.sql).
(CASE WHEN event_source IS DISTINCT FROM 'signin.amazonaws.com' THEN false
    WHEN event_name = 'ConsoleLogin' THEN coalesce(
        tk_json(coalesce(raw_inline, tk_record(raw_chunk, raw_offset, raw_length)))->>'$.responseElements.ConsoleLogin',
        CASE WHEN tk_json(coalesce(raw_inline, tk_record(raw_chunk, raw_offset, raw_length)))->>'$.errorMessage'
            IS NOT NULL THEN 'Failure' END) = 'Failure'
    WHEN event_name = 'CredentialVerification' THEN coalesce(
        tk_json(coalesce(raw_inline, tk_record(raw_chunk, raw_offset, raw_length)))
            ->>'$.serviceEventDetails.CredentialVerification' = 'Failure', false)
    ELSE false END)
