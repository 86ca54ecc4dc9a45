-- key / origin, first step: what the key's own events say about where it came from: its first use, its IAM user,
-- its role and session name, or the account whose root user it acts as (a session AssumeRoot issued).
SELECT min(event_time) AS first_use,
       coalesce(any_value(user_name) FILTER (WHERE identity_type = 'IAMUser'), '') AS user_name,
       coalesce(any_value(session_issuer_arn) FILTER (WHERE identity_type = 'AssumedRole'), '') AS role_arn,
       coalesce(any_value(regexp_extract(principal_arn, '[^/]+$')) FILTER (WHERE identity_type = 'AssumedRole'), '')
           AS session_name,
       coalesce(any_value(regexp_extract(principal_arn, '^arn:[^:]+:iam::([0-9]+):root$', 1))
           FILTER (WHERE identity_type = 'Root' AND starts_with(access_key_id, 'ASIA')), '') AS root_account
FROM tk_scope
