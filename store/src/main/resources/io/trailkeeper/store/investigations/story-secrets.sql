-- secrets_read: the secrets and parameters whose values were given out (Secrets Manager GetSecretValue and
-- BatchGetSecretValue; Systems Manager GetParameter, GetParameters and GetParametersByPath, SecureString values among
-- them), per region, service and name, most read first: the credentials a responder rotates. The name is the one the
-- request gave (secretId, secretIdList, name, names, a path with ' (and below)'), read from the raw record: the
-- resources column also holds a GetSecretValue's versionId, and a BatchGetSecretValue's filter key (tag-key), which
-- name no secret. A call whose request names none (BatchGetSecretValue by filters) is listed under its call. Refused
-- reads gave nothing and are not listed (errors counts them). source_ips: the addresses that were given the values
-- (a stolen key's reads are told apart from its owner's: an instance's own reads through a VPC endpoint, say).
WITH reads AS (
    SELECT aws_region, event_source, event_name, event_time, source_ip,
           tk_json(coalesce(raw_inline, tk_record(raw_chunk, raw_offset, raw_length)))->'$.requestParameters'
               AS request
    FROM tk_scope
    WHERE error_code IS NULL
      AND event_name IN ('GetSecretValue', 'BatchGetSecretValue', 'GetParameter', 'GetParameters',
                         'GetParametersByPath')
      AND event_source IN ('secretsmanager.amazonaws.com', 'ssm.amazonaws.com')
), named AS (
    SELECT aws_region, event_source, event_name, event_time, source_ip,
           list_filter(coalesce(json_extract_string(request, '$.secretIdList[*]'), [])
                       || coalesce(json_extract_string(request, '$.names[*]'), [])
                       || [request->>'$.secretId', request->>'$.name',
                           request->>'$.path' || ' (and below)'], lambda x: x IS NOT NULL AND x <> '') AS names
    FROM reads
), given AS (
    SELECT aws_region, event_source, event_name, event_time, source_ip,
           unnest(CASE WHEN len(names) = 0 THEN ['(' || event_name || ': no name recorded)'] ELSE names END) AS name
    FROM named
)
SELECT aws_region AS region,
       event_source AS service,
       name,
       count(*) AS reads,
       min(event_time) AS first_read,
       max(event_time) AS last_read,
       list_sort(list_distinct(list(source_ip))) AS source_ips
FROM given
GROUP BY ALL
ORDER BY reads DESC, region, name
LIMIT $row_cap
