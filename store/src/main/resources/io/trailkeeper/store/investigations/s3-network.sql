-- s3 / network_activity: the bucket's calls through VPC endpoints (network activity events), per endpoint, call,
-- result, caller and IP, oldest first. A call with errorCode VpceAccessDenied was denied by the endpoint's policy and
-- never reached S3: it read, wrote or deleted nothing. The endpoint and the caller's account are NULL when the raw
-- records were not read (the calls after the oldest $endpoints_limit, which s3-network-scope.sql reads).
SELECT vpc_endpoint_id,
       vpc_endpoint_account_id,
       event_name AS call,
       kind,
       coalesce(error_code, 'success') AS result,
       coalesce(principal_arn, user_name, identity_type) AS principal,
       caller_account_id,
       source_ip,
       count(*) AS calls,
       min(event_time) AS first_call,
       max(event_time) AS last_call
FROM tk_network
GROUP BY ALL
ORDER BY first_call NULLS LAST, vpc_endpoint_id NULLS LAST, call, result, principal, caller_account_id, source_ip
LIMIT $row_cap
