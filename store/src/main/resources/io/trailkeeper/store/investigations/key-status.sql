-- key / status: the calls that made the key Active or Inactive (UpdateAccessKey) or deleted it (DeleteAccessKey), at
-- any time the store holds and by whoever made them (its user, an administrator, the intruder cleaning up after
-- themselves): whether the key could still be used after the window, and who acted on it. Found by the key in the
-- request (requestParameters.accessKeyId, which IAM records whole); refused attempts are listed with their error.
SELECT event_time,
       aws_region AS region,
       event_name AS call,
       CASE WHEN event_name = 'DeleteAccessKey' THEN 'Deleted' ELSE record->>'$.requestParameters.status' END AS status,
       coalesce(error_code, 'success') AS result,
       coalesce(principal_arn, user_name, identity_type) AS principal,
       access_key_id AS caller_key,
       source_ip,
       user_agent
FROM (SELECT *, tk_json(coalesce(raw_inline, tk_record(raw_chunk, raw_offset, raw_length))) AS record
      FROM events
      WHERE event_name IN ('UpdateAccessKey', 'DeleteAccessKey') AND event_source = 'iam.amazonaws.com'
        AND list_contains(resources, $subject))
WHERE record->>'$.requestParameters.accessKeyId' = $subject
ORDER BY event_time, record_hash
