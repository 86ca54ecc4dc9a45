-- logins: the console sign-ins (ConsoleLogin, signin.amazonaws.com) in the window, with --actor/--ip applied, and
-- what only the raw record says: the result (responseElements.ConsoleLogin), the error message and whether MFA
-- was used (additionalEventData.MFAUsed, in any case: the root user's MFA sign-in is documented as "YES", an IAM
-- user's as "Yes"; given as Yes or No). CloudTrail records MFA as a root or IAM user's AWS MFA device (the userIdentity
-- page: mfaAuthenticated is true "if the root user or IAM user ... was authenticated with an MFA device"); a federated
-- sign-in (a role session through SAML, web identity or a broker, a federated user) authenticates at its identity
-- provider, whose MFA the record does not show, so its MFAUsed "No" says nothing of it: 'not recorded (identity
-- provider)'. A failed sign-in for an unknown user shows the user as AWS records it.
-- Each sign-in's network (network.sql: an IPv4 address's /24; else the whole address)
-- and, for a success, how many of the same user's earlier successful sign-ins of the window there are and how many
-- came from that network (earlier: before it in time, then in record_hash order): what tells a sign-in from a network
-- new for its user (logins-new-network.sql, logins-failures-then-success.sql).
CREATE OR REPLACE TEMP TABLE tk_scope AS
WITH logins AS MATERIALIZED (
    SELECT event_time, aws_region, identity_type, principal_arn, user_name, source_ip, user_agent, error_code,
           record_hash, raw_chunk, raw_offset, raw_length, raw_inline
    FROM events
    WHERE event_name = 'ConsoleLogin' AND event_source = 'signin.amazonaws.com' AND {{window}} AND {{filters}}
), detail AS (
    SELECT *, CAST(coalesce(raw_inline, tk_record(raw_chunk, raw_offset, raw_length)) AS JSON) AS record FROM logins
), sign_ins AS (
    SELECT event_time,
           aws_region,
           coalesce(user_name, CASE WHEN identity_type = 'Root' THEN 'root' END, principal_arn, 'unknown')
               AS sign_in_user,
           identity_type,
           principal_arn,
           coalesce(record->>'$.responseElements.ConsoleLogin',
                    CASE WHEN error_code IS NOT NULL OR record->>'$.errorMessage' IS NOT NULL THEN 'Failure' END)
               AS result,
           record->>'$.errorMessage' AS error_message,
           CASE WHEN identity_type IN ('AssumedRole', 'FederatedUser', 'SAMLUser', 'WebIdentityUser')
               THEN 'not recorded (identity provider)'
               WHEN upper(record->>'$.additionalEventData.MFAUsed') = 'YES' THEN 'Yes'
               WHEN upper(record->>'$.additionalEventData.MFAUsed') = 'NO' THEN 'No'
               ELSE record->>'$.additionalEventData.MFAUsed' END AS mfa_used,
           source_ip,
           coalesce({{network}}, source_ip) AS network,
           user_agent,
           record_hash
    FROM detail
)
SELECT *,
       CASE WHEN result = 'Success' THEN count(*) FILTER (WHERE result = 'Success') OVER (
           PARTITION BY sign_in_user ORDER BY event_time, record_hash
           ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) END AS earlier_successes,
       CASE WHEN result = 'Success' THEN CASE WHEN network IS NULL THEN 0
           ELSE count(*) FILTER (WHERE result = 'Success') OVER (
               PARTITION BY sign_in_user, network ORDER BY event_time, record_hash
               ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) END END AS earlier_from_network
FROM sign_ins
