-- key / actor, notes: the EC2 instances the subject's RunInstances calls (and its sessions': subject-calls.sql)
-- launched, per region and instance type, the calls whose response names no instance, and the launches refused
-- (launches.sql, the subject its one reader). The created list names ids only, at most 10 a call, and no type.
SELECT * EXCLUDE (reader)
FROM {{launches}} AS launches
ORDER BY error_code IS NOT NULL, region, instance_type, error_code
