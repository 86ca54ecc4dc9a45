-- actor, after scope-fetch.sql: a failed sign-in has no errorCode (failed-sign-in.sql says how its record tells it).
-- It takes its error message, else 'Failure', as its error code here, so that the story's errors count it and name
-- it, as query --error any finds it. Only sign-ins' records are read.
UPDATE tk_scope
SET error_code = coalesce(tk_json(coalesce(raw_inline, tk_record(raw_chunk, raw_offset, raw_length)))
    ->>'$.errorMessage', 'Failure')
WHERE event_name IN ('ConsoleLogin', 'CredentialVerification') AND event_source = 'signin.amazonaws.com'
  AND error_code IS NULL AND {{failed_sign_in}}
