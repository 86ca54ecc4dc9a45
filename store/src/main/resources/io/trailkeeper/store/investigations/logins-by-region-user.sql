-- logins / by_region_user: per region (of the sign-in URL) and user: sign-ins (with those whose record gives no
-- result), successes, failures, successes without MFA,
-- the IPs.
SELECT aws_region AS region,
       sign_in_user AS "user",
       count(*) AS sign_ins,
       count(*) FILTER (WHERE result = 'Success') AS successes,
       count(*) FILTER (WHERE result = 'Failure') AS failures,
       count(*) FILTER (WHERE result = 'Success' AND mfa_used IS DISTINCT FROM 'Yes') AS successes_without_mfa,
       list_sort(list_distinct(list(source_ip))) AS ips,
       min(event_time) AS first_sign_in,
       max(event_time) AS last_sign_in
FROM tk_scope
GROUP BY ALL
ORDER BY region, "user"
