-- logins, when the window holds no console sign-in: the calls made with a console session's credentials, per
-- principal, with --actor/--ip applied. Their sign-in is not in the store (before the window, or recorded in a region
-- or account not collected: a sign-in is recorded in the region of its sign-in URL), which "no sign-in" must not hide.
-- A console session's calls are made with temporary credentials (an ASIA access key) and, as the CloudTrail record
-- contents page documents, carry sessionCredentialFromConsole "true" (since eventVersion 1.08), or (older records, or
-- calls the console makes as the user) a userAgent of console.amazonaws.com or signin.amazonaws.com (a region's
-- console.REGION.amazonaws.com too). The flag is read from the records of each session key's first 3 calls only (it is
-- the credential's, the same on all its calls); the user agent, which any caller may set, from the column. The sign-in
-- service's own events (ConsoleLogin, SwitchRole, CheckMfa...) are not counted.
WITH keyed AS MATERIALIZED (
    SELECT access_key_id, coalesce(principal_arn, user_name, identity_type, '(unknown)') AS principal, event_time,
           regexp_full_match(coalesce(user_agent, ''), '(console|signin)(\.[a-z0-9-]+)?\.amazonaws\.com') AS by_agent,
           raw_chunk, raw_offset, raw_length, raw_inline
    FROM events
    WHERE access_key_id LIKE 'ASIA%' AND event_source IS DISTINCT FROM 'signin.amazonaws.com' AND {{window}}
      AND {{filters}}
), sampled AS (
    -- decoded in the raw chunks' order: in the window's order of keys each record decompressed its chunk again
    -- (2 million events of 1.2 million session keys: over 20 minutes, 1 minute in this order)
    SELECT access_key_id, principal, raw_chunk, raw_offset, raw_length, raw_inline
    FROM (SELECT *, row_number() OVER (PARTITION BY access_key_id, principal
                                       ORDER BY event_time, raw_chunk, raw_offset) AS n
          FROM keyed)
    WHERE n <= 3
    ORDER BY raw_chunk, raw_offset
), flagged AS (
    -- an aggregate over the ordered sample: a filter on the record would be pushed below the ORDER BY
    SELECT access_key_id, principal
    FROM (SELECT access_key_id, principal,
                 bool_or(tk_json(coalesce(raw_inline, tk_record(raw_chunk, raw_offset, raw_length)))
                     ->>'$.sessionCredentialFromConsole' = 'true') AS flag
          FROM sampled
          GROUP BY access_key_id, principal)
    WHERE flag
), sessions AS (
    SELECT k.access_key_id, k.principal, count(*) AS calls, min(k.event_time) AS first_call,
           max(k.event_time) AS last_call, bool_or(k.by_agent) AS by_agent, f.access_key_id IS NOT NULL AS by_flag
    FROM keyed k LEFT JOIN flagged f ON f.access_key_id = k.access_key_id AND f.principal = k.principal
    GROUP BY k.access_key_id, k.principal, f.access_key_id
)
SELECT principal,
       count(*) AS sessions,
       sum(calls) AS calls,
       min(first_call) AS first_call,
       max(last_call) AS last_call,
       bool_or(by_flag) AS flagged
FROM sessions
WHERE by_flag OR by_agent
GROUP BY principal
ORDER BY first_call NULLS LAST, principal
