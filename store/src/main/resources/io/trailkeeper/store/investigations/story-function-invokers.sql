-- key / actor: who ran the Lambda functions whose execution role sessions made the subject's calls. Lambda assumes a
-- function's role itself (AssumeRole by lambda.amazonaws.com, from lambda.amazonaws.com) and names the session after
-- the function, so such a session's calls are the function's code at work: whoever invoked the function then (Invoke
-- and InvokeFunctionUrl data events, where the trail logs them) is the one behind them. Per function, caller (a
-- principal, an AWS service, an anonymous function URL request) and address, over the sessions' calls and the 15
-- minutes before the first, session by session (a session outlives one invocation; an invocation is recorded before
-- the calls it makes). A function of which the store holds no invocation then has one row with no call: who ran it
-- cannot be told from the store (the trail may not log Lambda data events).
WITH lambda_sessions AS (
    SELECT regexp_extract(principal_arn, '^arn:[^:]+:sts::[0-9]{12}:assumed-role/[^/]+/(.+)$', 1) AS function_name,
           regexp_extract(principal_arn, '^arn:[^:]+:sts::[0-9]{12}:assumed-role/([^/]+)/', 1) AS role_name,
           regexp_extract(principal_arn, '^arn:[^:]+:sts::([0-9]{12}):', 1) AS account, access_key_id,
           min(event_time) AS first_call, max(event_time) AS last_call
    FROM {{subject_calls}} AS calls
    WHERE identity_type = 'AssumedRole' AND principal_arn IS NOT NULL
    GROUP BY ALL
), functions AS (
    -- the role's ARN may hold a path (role/service-role/name): its account and last part are compared
    SELECT s.*
    FROM lambda_sessions AS s
    WHERE function_name <> '' AND EXISTS (
        SELECT 1 FROM events AS a
        WHERE a.event_name = 'AssumeRole' AND a.event_source = 'sts.amazonaws.com' AND a.error_code IS NULL
          AND a.source_ip = 'lambda.amazonaws.com' AND a.event_time <= s.last_call
          AND list_contains(a.resources, s.function_name)
          AND len(list_filter(a.resources, lambda x: starts_with(x, 'arn:') AND split_part(x, ':', 5) = s.account
                                                AND ends_with(x, '/' || s.role_name))) > 0)
)
SELECT f.function_name, e.event_name AS call,
       coalesce(e.principal_arn, e.user_name, e.identity_type) AS caller,
       e.source_ip, count(DISTINCT e.record_hash) AS invocations, min(e.event_time) AS first_invocation,
       max(e.event_time) AS last_invocation
FROM functions AS f
LEFT JOIN events AS e
  ON e.event_source = 'lambda.amazonaws.com' AND e.event_name IN ('Invoke', 'InvokeFunctionUrl')
 AND e.event_time BETWEEN f.first_call - INTERVAL 15 MINUTE AND f.last_call
 AND len(list_filter(e.resources, lambda x: ends_with(x, ':function:' || f.function_name)
                                      AND split_part(x, ':', 5) = f.account)) > 0
GROUP BY ALL
ORDER BY f.function_name, invocations DESC, caller, e.source_ip
