-- timeline / timeline: the events, oldest first: time, region, principal, key, IP, call, resources, error.
SELECT event_time,
       aws_region AS region,
       coalesce(principal_arn, user_name, identity_type) AS principal,
       access_key_id,
       source_ip,
       event_source,
       event_name,
       resources,
       error_code
FROM tk_scope
ORDER BY event_time NULLS LAST, event_name, record_hash
