-- logins / notes: the successful sign-ins from a network that none of the same user's earlier successful sign-ins of
-- the window came from (an IPv4 address's /24, else the whole address), for a user with earlier ones: a stolen
-- password used from somewhere new, when no failure came before it and MFA is not recorded.
WITH s AS (
    SELECT event_time, record_hash, sign_in_user, source_ip,
           CASE WHEN regexp_matches(source_ip, '^[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}$')
                THEN regexp_extract(source_ip, '^([0-9]+\.[0-9]+\.[0-9]+)\.', 1) || '.0/24'
                ELSE source_ip END AS network
    FROM tk_scope
    WHERE result = 'Success' AND source_ip IS NOT NULL
)
SELECT s.event_time, s.sign_in_user, s.source_ip, s.network, count(*) AS earlier
FROM s JOIN s e ON e.sign_in_user = s.sign_in_user
    AND (e.event_time < s.event_time OR (e.event_time = s.event_time AND e.record_hash < s.record_hash))
GROUP BY s.event_time, s.record_hash, s.sign_in_user, s.source_ip, s.network
HAVING count(*) FILTER (WHERE e.network = s.network) = 0
ORDER BY s.event_time, s.record_hash
