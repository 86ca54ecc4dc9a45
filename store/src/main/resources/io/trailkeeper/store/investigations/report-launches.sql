-- report, launches (ComputeAbuse): what investigate key and actor tell of EC2 launches (launches.sql), for every
-- principal of tk_scope (the RunInstances calls of the report's selection) at once, each principal a reader of its own
-- (object-reader-principal.sql, its own calls: subject-own-calls.sql). One statement: one per principal took more than
-- 10 minutes over the 11,568 principals that called RunInstances in a 2 million event store.
SELECT *
FROM {{launches}} AS launches
ORDER BY reader, error_code IS NOT NULL, region, instance_type, error_code
