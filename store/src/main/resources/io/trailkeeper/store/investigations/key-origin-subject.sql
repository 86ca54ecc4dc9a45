-- key / origin, first step: what the key's own events say about where it came from: its first use, its IAM user (a
-- federated user's: the IAM user that issued it),
-- its role and session name, or the account whose root user it acts as (a session AssumeRoot issued); and whether
-- its first call was made with a console session's credentials (sessionCredentialFromConsole, read from that one
-- record): the console issued the key at sign-in, and no event names it.
SELECT min(event_time) AS first_use,
       -- a federated user's key was issued by its IAM user's GetFederationToken: the user its sessionIssuer names
       coalesce(any_value(user_name) FILTER (WHERE identity_type = 'IAMUser'),
                any_value(nullif(regexp_extract(session_issuer_arn, ':user/(.*/)?([^/]+)$', 2), ''))
                    FILTER (WHERE identity_type = 'FederatedUser'), '') AS user_name,
       coalesce(any_value(session_issuer_arn) FILTER (WHERE identity_type = 'AssumedRole'), '') AS role_arn,
       coalesce(any_value(regexp_extract(principal_arn, '[^/]+$')) FILTER (WHERE identity_type = 'AssumedRole'), '')
           AS session_name,
       coalesce(any_value(regexp_extract(principal_arn, '^arn:[^:]+:iam::([0-9]+):root$', 1))
           FILTER (WHERE identity_type = 'Root' AND starts_with(access_key_id, 'ASIA')), '') AS root_account,
       coalesce((SELECT tk_json(coalesce(raw_inline, tk_record(raw_chunk, raw_offset, raw_length)))
                        ->>'$.sessionCredentialFromConsole'
                 FROM tk_scope WHERE starts_with($subject, 'ASIA') ORDER BY event_time, record_hash LIMIT 1) = 'true',
                false) AS console
FROM tk_scope
