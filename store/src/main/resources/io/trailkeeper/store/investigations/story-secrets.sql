-- secrets_read: the secrets and parameters whose values were given out (Secrets Manager GetSecretValue and
-- BatchGetSecretValue; Systems Manager GetParameter, GetParameters and GetParametersByPath, SecureString values among
-- them), per region, service and name, most read first: the credentials a responder rotates. The name is the one the
-- request gave (a secret's name or ARN, a parameter's name); a call whose request names none (GetParametersByPath names
-- a path) is listed under its call. Refused reads gave nothing and are not listed (errors counts them).
WITH given AS (
    SELECT aws_region, event_source, event_name, event_time,
           unnest(CASE WHEN len(coalesce(resources, [])) = 0 THEN ['(' || event_name || ': no name recorded)']
                       ELSE resources END) AS name
    FROM tk_scope
    WHERE error_code IS NULL
      AND event_name IN ('GetSecretValue', 'BatchGetSecretValue', 'GetParameter', 'GetParameters',
                         'GetParametersByPath')
      AND event_source IN ('secretsmanager.amazonaws.com', 'ssm.amazonaws.com')
)
SELECT aws_region AS region,
       event_source AS service,
       name,
       count(*) AS reads,
       min(event_time) AS first_read,
       max(event_time) AS last_read
FROM given
GROUP BY ALL
ORDER BY reads DESC, region, name
LIMIT $row_cap
