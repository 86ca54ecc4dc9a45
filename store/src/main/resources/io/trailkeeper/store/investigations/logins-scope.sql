-- logins: the console sign-ins (ConsoleLogin, signin.amazonaws.com) in the window, with --actor/--ip applied, and
-- what only the raw record says: the result (responseElements.ConsoleLogin), the error message and whether MFA
-- was used (additionalEventData.MFAUsed, in any case: the root user's MFA sign-in is documented as "YES", an IAM
-- user's as "Yes"; given as Yes or No). CloudTrail records MFA as a root or IAM user's AWS MFA device (the userIdentity
-- page: mfaAuthenticated is true "if the root user or IAM user ... was authenticated with an MFA device"); a federated
-- sign-in (a role session through SAML, web identity or a broker, a federated user) authenticates at its identity
-- provider, whose MFA the record does not show, so its MFAUsed "No" says nothing of it: 'not recorded (identity
-- provider)'. A failed sign-in for an unknown user shows the user as AWS records it.
-- Each sign-in's network (network.sql: an IPv4 address's /24; else the whole address)
-- and, for a success, how many of the same user's (its name in its account) earlier successful sign-ins there are
-- and how many came from that
-- network (earlier: before it in time, then in record_hash order): what tells a sign-in from a network new for its
-- user (logins-new-network.sql, logins-failures-then-success.sql). The earlier ones are those of the window and the
-- store's successful sign-ins of the window's users before it (--ip not applied to those: they tell the user's usual
-- networks), so that a user's first sign-in of the window from a new network is told too: earlier_before counts
-- those, first_success is the first of all of them.
CREATE OR REPLACE TEMP TABLE tk_scope AS
WITH logins AS MATERIALIZED (
    SELECT event_time, aws_region, recipient_account_id, identity_type, principal_arn, user_name, source_ip,
           user_agent, error_code, record_hash, raw_chunk, raw_offset, raw_length, raw_inline
    FROM events
    WHERE event_name = 'ConsoleLogin' AND event_source = 'signin.amazonaws.com' AND {{window}} AND {{filters}}
), detail AS (
    SELECT *, tk_json(coalesce(raw_inline, tk_record(raw_chunk, raw_offset, raw_length))) AS record FROM logins
), sign_ins AS (
    SELECT event_time,
           aws_region,
           recipient_account_id AS account,
           coalesce(user_name, CASE WHEN identity_type = 'Root' THEN 'root' END, principal_arn, 'unknown')
               AS sign_in_user,
           identity_type,
           principal_arn,
           coalesce(record->>'$.responseElements.ConsoleLogin',
                    CASE WHEN error_code IS NOT NULL OR record->>'$.errorMessage' IS NOT NULL THEN 'Failure' END)
               AS result,
           record->>'$.errorMessage' AS error_message,
           -- a federated user issued to an IAM user (GetFederationToken called with its access key, then a sign-in
           -- URL) came through no identity provider: the key was all it took (GetFederationToken has no MFA parameter)
           CASE WHEN identity_type = 'FederatedUser'
                     AND record->>'$.userIdentity.sessionContext.sessionIssuer.type' = 'IAMUser' THEN 'No'
               WHEN identity_type IN ('AssumedRole', 'FederatedUser', 'SAMLUser', 'WebIdentityUser')
               THEN 'not recorded (identity provider)'
               WHEN upper(record->>'$.additionalEventData.MFAUsed') = 'YES' THEN 'Yes'
               WHEN upper(record->>'$.additionalEventData.MFAUsed') = 'NO' THEN 'No'
               ELSE record->>'$.additionalEventData.MFAUsed' END AS mfa_used,
           source_ip,
           coalesce({{network}}, source_ip) AS network,
           user_agent,
           record_hash
    FROM detail
), before_logins AS MATERIALIZED (
    SELECT event_time, recipient_account_id AS account,
           coalesce(user_name, CASE WHEN identity_type = 'Root' THEN 'root' END, principal_arn, 'unknown') AS sign_in_user,
           source_ip, raw_chunk, raw_offset, raw_length, raw_inline
    FROM events
    WHERE event_name = 'ConsoleLogin' AND event_source = 'signin.amazonaws.com' AND event_time < $since
), before_successes AS (
    SELECT account, sign_in_user, coalesce({{network}}, source_ip) AS network, event_time
    FROM (SELECT *, tk_json(coalesce(raw_inline, tk_record(raw_chunk, raw_offset, raw_length))) AS record
          FROM before_logins
          WHERE (account, sign_in_user) IN (SELECT (account, sign_in_user) FROM sign_ins WHERE result = 'Success'))
    WHERE record->>'$.responseElements.ConsoleLogin' = 'Success'
), before_user AS (
    SELECT account, sign_in_user, count(*) AS n, min(event_time) AS first_at FROM before_successes GROUP BY ALL
), before_network AS (
    SELECT account, sign_in_user, network, count(*) AS n FROM before_successes GROUP BY ALL
), in_window AS (
    SELECT *,
           CASE WHEN result = 'Success' THEN count(*) FILTER (WHERE result = 'Success') OVER (
               PARTITION BY account, sign_in_user ORDER BY event_time, record_hash
               ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) END AS window_successes,
           CASE WHEN result = 'Success' THEN CASE WHEN network IS NULL THEN 0
               ELSE count(*) FILTER (WHERE result = 'Success') OVER (
                   PARTITION BY account, sign_in_user, network ORDER BY event_time, record_hash
                   ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) END END AS window_from_network,
           min(event_time) FILTER (WHERE result = 'Success') OVER (
               PARTITION BY account, sign_in_user ORDER BY event_time, record_hash
               ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS window_first
    FROM sign_ins
)
SELECT w.* EXCLUDE (window_successes, window_from_network, window_first),
       CASE WHEN w.result = 'Success' THEN w.window_successes + coalesce(u.n, 0) END AS earlier_successes,
       CASE WHEN w.result = 'Success' THEN CASE WHEN w.network IS NULL THEN 0
           ELSE w.window_from_network + coalesce(n.n, 0) END END AS earlier_from_network,
       CASE WHEN w.result = 'Success' THEN coalesce(u.n, 0) END AS earlier_before,
       CASE WHEN w.result = 'Success' THEN coalesce(u.first_at, w.window_first) END AS first_success
FROM in_window w
LEFT JOIN before_user u ON u.account IS NOT DISTINCT FROM w.account AND u.sign_in_user = w.sign_in_user
LEFT JOIN before_network n ON n.account IS NOT DISTINCT FROM w.account AND n.sign_in_user = w.sign_in_user
    AND n.network = w.network
