-- actor, after scope-fetch.sql: a failed sign-in has no errorCode. A console sign-in's record says
-- responseElements.ConsoleLogin Failure and errorMessage "Failed authentication"; a credential IAM Identity Center's
-- (or a smart card user's) sign-in rejected is a CredentialVerification whose serviceEventDetails say Failure. It
-- takes its error message, else 'Failure', as its error code here, so that the story's errors count it and name it,
-- as logins-scope.sql and logins-other-sign-ins.sql judge a sign-in and query --error any finds it. Only sign-ins'
-- records are read.
UPDATE tk_scope
SET error_code = coalesce(CAST(coalesce(raw_inline, tk_record(raw_chunk, raw_offset, raw_length)) AS JSON)
    ->>'$.errorMessage', 'Failure')
WHERE event_name IN ('ConsoleLogin', 'CredentialVerification') AND event_source = 'signin.amazonaws.com'
  AND error_code IS NULL
  AND (CASE WHEN event_name = 'ConsoleLogin' THEN coalesce(
          CAST(coalesce(raw_inline, tk_record(raw_chunk, raw_offset, raw_length)) AS JSON)->>'$.responseElements.ConsoleLogin',
          CASE WHEN CAST(coalesce(raw_inline, tk_record(raw_chunk, raw_offset, raw_length)) AS JSON)->>'$.errorMessage'
              IS NOT NULL THEN 'Failure' END) = 'Failure'
       WHEN event_name = 'CredentialVerification' THEN coalesce(
          CAST(coalesce(raw_inline, tk_record(raw_chunk, raw_offset, raw_length)) AS JSON)
              ->>'$.serviceEventDetails.CredentialVerification' = 'Failure', false)
       ELSE false END)
