-- s3: the bucket's network activity events per kind and error (uncapped, for the answer's note), how many endpoints
-- the calls whose raw record was read went through, and how many calls' records were not read (their endpoint is
-- not known: s3-network-scope.sql reads the oldest $endpoints_limit).
SELECT kind,
       error_code,
       count(*) AS calls,
       (SELECT count(DISTINCT vpc_endpoint_id) FROM tk_network) AS endpoints,
       (SELECT count(*) FILTER (WHERE NOT read_raw) FROM tk_network) AS not_read
FROM tk_network
GROUP BY ALL
ORDER BY kind, error_code NULLS FIRST
