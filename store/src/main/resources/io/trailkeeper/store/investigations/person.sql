-- Fragment: the event is the person's (query --user, investigate actor, --actor of timeline, logins and s3; the
-- parameters are PersonMatch's). A text ($person_text, lower case; $person_arn '') matches part of the principal's
-- ARN, user name, session issuer or source identity (the person behind a session: sourceIdentity, else
-- onBehalfOf.userId; schema 13), any case: a bare name matches a user, a role's sessions and a person alike. An ARN
-- ($person_arn, lower case; $person_text '') is that principal only: the ARN itself as the principal or as a
-- session's issuer (a role's sessions carry their role's ARN there), or, for a role, a session of it
-- ($person_session: arn:PARTITION:sts::ACCOUNT:assumed-role/NAME/, as a record without its sessionIssuer names it);
-- so role/Admin's ARN matches neither user/Admin nor role/AdminReadOnly. An IAM user's ARN also matches the user's
-- events recorded without an ARN ($person_user, the name, and $person_account: a failed console sign-in and the MFA
-- check name the user by type, account and userName only), in that account only. lower() and contains() cost a
-- third of ILIKE over millions of rows.
(($person_text <> '' AND (contains(lower(principal_arn), $person_text) OR contains(lower(session_issuer_arn), $person_text)
        OR contains(lower(user_name), $person_text) OR contains(lower(source_identity), $person_text)))
    OR ($person_arn <> '' AND (lower(principal_arn) = $person_arn OR lower(session_issuer_arn) = $person_arn
        OR ($person_session <> '' AND starts_with(lower(principal_arn), $person_session))
        OR ($person_user <> '' AND principal_arn IS NULL AND identity_type = 'IAMUser'
            AND lower(user_name) = $person_user AND recipient_account_id = $person_account))))
