-- logins / failures_then_success: a successful sign-in that followed failed ones for the same user or from the
-- same IP within the 24 hours before it: possible password guessing. Beside it, what tells the user's own sign-in
-- from a guess that worked when no failure came from its IP: its network (an IPv4 address's /24, else the whole
-- address), how many of the same user's earlier successful sign-ins (of the window and before it) there are and how many came from
-- that network (all three from logins-scope.sql).
WITH success AS (
    SELECT * FROM tk_scope WHERE result = 'Success'
), failure AS (
    SELECT * FROM tk_scope WHERE result = 'Failure'
)
SELECT s.event_time AS success_time,
       s.aws_region AS region,
       s.sign_in_user AS "user",
       s.source_ip,
       s.mfa_used,
       count(*) AS failures,
       min(f.event_time) AS first_failure,
       max(f.event_time) AS last_failure,
       list_sort(list_distinct(list(f.source_ip))) AS failure_ips,
       list_sort(list_distinct(list(f.sign_in_user))) AS failure_users,
       count(*) FILTER (WHERE f.sign_in_user = s.sign_in_user) AS same_user,
       count(*) FILTER (WHERE f.source_ip = s.source_ip) AS same_ip,
       -- what every failure shares with the success: 'user and IP' only when each one had both
       CASE WHEN bool_and(coalesce(f.sign_in_user = s.sign_in_user AND f.source_ip = s.source_ip, false))
                THEN 'user and IP'
            WHEN bool_and(coalesce(f.sign_in_user = s.sign_in_user, false)) THEN 'user'
            WHEN bool_and(coalesce(f.source_ip = s.source_ip, false)) THEN 'IP'
            ELSE 'user or IP' END AS same,
       s.network,
       s.earlier_successes,
       s.earlier_from_network,
       s.earlier_before,
       s.first_success
FROM success s
JOIN failure f ON f.event_time < s.event_time AND f.event_time >= s.event_time - INTERVAL 24 HOUR
              AND (f.sign_in_user = s.sign_in_user OR f.source_ip = s.source_ip)
GROUP BY s.record_hash, s.event_time, s.aws_region, s.sign_in_user, s.source_ip, s.mfa_used, s.network,
         s.earlier_successes, s.earlier_from_network, s.earlier_before, s.first_success
ORDER BY success_time, s.record_hash
