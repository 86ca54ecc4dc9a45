-- actor / made_by: how the principals that matched came to be and to have their powers: the IAM calls that created
-- them and gave them credentials or permissions, whoever made them and whenever (before the window too: a backdoor
-- user made last month acts today), found by the principal's name among the names the call's request gives (the
-- resources column) in the same account (the one its ARN names). An IAM user's: CreateUser, CreateLoginProfile and UpdateLoginProfile (a
-- console password), CreateAccessKey, AttachUserPolicy, PutUserPolicy, AddUserToGroup, and the changes of an
-- MFA device or a name (EnableMFADevice, DeactivateMFADevice, UpdateUser); a role's (the sessions' issuer): CreateRole,
-- UpdateAssumeRolePolicy (who may assume it), AttachRolePolicy, PutRolePolicy, and instance profiles it was added to.
-- Failed calls are shown too (an attempt tells intent), with their error.
-- The principals are those the window's calls were made as and, when the actor is a whole IAM user's or role's ARN
-- ($subject), that one: a backdoor user that made no call in the window was still made by someone. IAM names are
-- unique in an account whatever their case (Bob and bob cannot both exist), so they are compared in lower case.
WITH in_window AS (
    SELECT DISTINCT regexp_extract(principal_arn, '^arn:[^:]+:iam::([0-9]{12}):user/', 1) AS account, 'user' AS kind,
           user_name AS name
    FROM tk_scope WHERE identity_type = 'IAMUser' AND user_name IS NOT NULL
    UNION
    SELECT DISTINCT regexp_extract(session_issuer_arn, '^arn:[^:]+:iam::([0-9]{12}):role/', 1), 'role',
           regexp_extract(session_issuer_arn, '[^/]+$')
    FROM tk_scope WHERE identity_type = 'AssumedRole'
), asked AS (
    SELECT regexp_extract($subject, '^arn:[^:]+:iam::([0-9]{12}):(user|role)/', 1) AS account,
           regexp_extract($subject, '^arn:[^:]+:iam::[0-9]{12}:(user|role)/', 1) AS kind,
           regexp_extract($subject, '[^/]+$') AS name
), named AS (
    SELECT account, kind, name, lower(name) AS lname FROM in_window
    UNION
    SELECT account, kind, name, lower(name) FROM asked
    WHERE account <> '' AND name <> '' AND NOT EXISTS (SELECT 1 FROM in_window w
        WHERE w.account = asked.account AND w.kind = asked.kind AND lower(w.name) = lower(asked.name))
)
SELECT e.event_time,
       n.kind,
       n.name AS principal_name,
       e.event_name AS call,
       e.resources AS request_names,
       coalesce(e.principal_arn, e.user_name, e.identity_type) AS made_by,
       e.source_ip,
       e.aws_region AS region,
       e.error_code
FROM events e
JOIN named n ON n.account <> '' AND e.recipient_account_id = n.account
    AND list_contains(list_transform(e.resources, lambda x: lower(x)), n.lname)
WHERE e.event_source = 'iam.amazonaws.com'
  AND ((n.kind = 'user' AND e.event_name IN ('CreateUser', 'CreateLoginProfile', 'UpdateLoginProfile',
           'CreateAccessKey', 'AttachUserPolicy', 'PutUserPolicy', 'AddUserToGroup', 'EnableMFADevice',
           'DeactivateMFADevice', 'UpdateUser'))
       OR (n.kind = 'role' AND e.event_name IN ('CreateRole', 'UpdateAssumeRolePolicy', 'AttachRolePolicy',
           'PutRolePolicy', 'AddRoleToInstanceProfile')))
ORDER BY e.event_time NULLS LAST, e.event_name, e.record_hash
LIMIT $row_cap
