-- logins / by_region_user: per region (of the sign-in URL) and user: sign-ins (with those whose record gives no
-- result), successes, failures, successes recorded without MFA (MFAUsed No of a root or IAM user: not a federated
-- sign-in, whose MFA at the identity provider is not recorded, nor one whose record has no MFAUsed), the IPs.
SELECT aws_region AS region,
       sign_in_user AS "user",
       count(*) AS sign_ins,
       count(*) FILTER (WHERE result = 'Success') AS successes,
       count(*) FILTER (WHERE result = 'Failure') AS failures,
       count(*) FILTER (WHERE result = 'Success' AND mfa_used = 'No') AS successes_without_mfa,
       list_sort(list_distinct(list(source_ip))) AS ips,
       min(event_time) AS first_sign_in,
       max(event_time) AS last_sign_in
FROM tk_scope
GROUP BY ALL
ORDER BY region, "user"
