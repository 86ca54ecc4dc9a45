-- logins, beside the console sign-ins: the root user's password recoveries (signin.amazonaws.com
-- PasswordRecoveryRequested, PasswordRecoveryCompleted) in the window, with --actor/--ip applied. A recovery completed
-- sets a new password through a link mailed to the account's email address: whoever completed it read that mail,
-- and the sign-ins after it used the password it set. The result is responseElements' value under the event's name.
-- The first 20 are read; how many there were and whether one completed are counted over all of them.
WITH recoveries AS (
    SELECT event_time,
           record_hash,
           event_name AS call,
           coalesce(principal_arn, user_name, identity_type) AS principal,
           source_ip,
           coalesce(tk_json(coalesce(raw_inline, tk_record(raw_chunk, raw_offset, raw_length)))
                        ->>('$.responseElements.' || event_name),
                    CASE WHEN error_code IS NOT NULL THEN 'Failure' END) AS result
    FROM events
    WHERE event_source = 'signin.amazonaws.com'
      AND event_name IN ('PasswordRecoveryRequested', 'PasswordRecoveryCompleted')
      AND {{window}} AND {{filters}}
)
SELECT event_time, call, principal, source_ip, result,
       count(*) OVER () AS total,
       bool_or(call = 'PasswordRecoveryCompleted' AND result IS DISTINCT FROM 'Failure') OVER () AS completed
FROM recoveries
ORDER BY event_time, record_hash
LIMIT 20
