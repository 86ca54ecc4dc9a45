-- key / actor, notes: the access keys the subject (and the sessions it issued: subject-calls.sql) made for IAM users (a
-- successful CreateAccessKey, the new key's id and user read from responseElements.accessKey), and what each key did
-- afterwards, at any time the store holds: an intruder's backdoor key acts under another user's name, so the subject's
-- own calls end at the CreateAccessKey while the backdoor goes on (a trail stopped and deleted, instances launched,
-- secrets read). Calls refused count among the calls and the errors; the calls named are those it made, refused ones
-- too.
WITH made AS (
    SELECT event_time AS made_at,
           record->>'$.responseElements.accessKey.accessKeyId' AS made_key,
           coalesce(record->>'$.responseElements.accessKey.userName', record->>'$.requestParameters.userName',
                    -- the root user's own key: the user name root's calls may carry is the account's
                    CASE WHEN identity_type = 'Root' THEN principal_arn END, user_name) AS made_for
    FROM (SELECT event_time, user_name, identity_type, principal_arn,
                 tk_json(coalesce(raw_inline, tk_record(raw_chunk, raw_offset, raw_length))) AS record
          FROM {{subject_calls}} AS subject
          WHERE event_name = 'CreateAccessKey' AND event_source = 'iam.amazonaws.com' AND error_code IS NULL)
)
SELECT m.made_key, m.made_for, m.made_at,
       count(e.event_time) AS calls,
       count(e.error_code) AS errors,
       min(e.event_time) AS first_call,
       max(e.event_time) AS last_call,
       list_sort(list(DISTINCT e.source_ip) FILTER (WHERE e.source_ip IS NOT NULL)) AS ips,
       list_sort(list(DISTINCT e.aws_region) FILTER (WHERE e.aws_region IS NOT NULL)) AS regions,
       list_sort(list(DISTINCT e.event_name) FILTER (WHERE e.event_name IS NOT NULL)) AS call_names
FROM made m LEFT JOIN events e ON e.access_key_id = m.made_key
WHERE m.made_key IS NOT NULL
GROUP BY m.made_key, m.made_for, m.made_at
ORDER BY m.made_at, m.made_key
