-- report, launches (ComputeAbuse): every principal of tk_scope (the RunInstances calls of the report's selection), as
-- report-launches.sql counts their calls (object-reader-principal.sql): each is told, even with nothing launched.
SELECT DISTINCT {{object_reader}} AS reader
FROM tk_scope
ORDER BY 1
