-- actor, after scope-fetch.sql: a failed console sign-in has no errorCode (AWS records responseElements.ConsoleLogin
-- Failure and errorMessage "Failed authentication"); it takes its error message as its error code here, so that the
-- story's errors count it and name it, as logins-scope.sql judges a sign-in. Only sign-ins' records are read.
UPDATE tk_scope
SET error_code = coalesce(CAST(coalesce(raw_inline, tk_record(raw_chunk, raw_offset, raw_length)) AS JSON)
    ->>'$.errorMessage', 'Failure')
WHERE event_name = 'ConsoleLogin' AND event_source = 'signin.amazonaws.com' AND error_code IS NULL
  AND (CASE WHEN event_name = 'ConsoleLogin' THEN coalesce(
          CAST(coalesce(raw_inline, tk_record(raw_chunk, raw_offset, raw_length)) AS JSON)->>'$.responseElements.ConsoleLogin',
          CASE WHEN CAST(coalesce(raw_inline, tk_record(raw_chunk, raw_offset, raw_length)) AS JSON)->>'$.errorMessage'
              IS NOT NULL THEN 'Failure' END) = 'Failure' ELSE false END)
