-- Fragment (story-launches.sql, report-launches.sql): per reader (object_reader: one for key and actor, each principal
-- for the report), the EC2 instances the subject's RunInstances calls (and its sessions': subject-calls.sql) launched,
-- per region and instance type, read from the responses (responseElements.instancesSet.items: one item per instance,
-- with its id and type), and the launches refused (the type asked for, from the request, and the error): what a
-- responder must find and terminate, since instances keep running after the credentials that launched them are
-- revoked. A successful call whose recorded response names no instance (the response left out or cut) is counted
-- apart, per region and the type asked for (unnamed_calls): its instances cannot be counted, and leaving it out would
-- make the count look complete.
WITH runs AS (
    SELECT {{object_reader}} AS reader, aws_region, error_code,
           tk_json(coalesce(raw_inline, tk_record(raw_chunk, raw_offset, raw_length))) AS record
    FROM {{subject_calls}} AS subject
    WHERE event_name = 'RunInstances' AND event_source = 'ec2.amazonaws.com'
), launched AS (
    SELECT reader, aws_region,
           unnest(coalesce(CAST(record->'$.responseElements.instancesSet.items' AS JSON[]), [])) AS item
    FROM runs
    WHERE error_code IS NULL
)
SELECT reader, aws_region AS region, coalesce(item->>'$.instanceType', '(type not recorded)') AS instance_type,
       count(*) AS instances, NULL AS error_code, 0 AS unnamed_calls
FROM launched
GROUP BY ALL
UNION ALL
SELECT reader, aws_region, coalesce(record->>'$.requestParameters.instanceType', '(type not recorded)'), 0, NULL,
       count(*)
FROM runs
WHERE error_code IS NULL
  AND len(coalesce(CAST(record->'$.responseElements.instancesSet.items' AS JSON[]), [])) = 0
GROUP BY ALL
UNION ALL
SELECT reader, aws_region, coalesce(record->>'$.requestParameters.instanceType', '(type not recorded)'), 0, error_code,
       0
FROM runs
WHERE error_code IS NOT NULL
