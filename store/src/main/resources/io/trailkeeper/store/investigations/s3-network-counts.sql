-- s3: the bucket's network activity events per kind and error (uncapped, for the answer's note), how many endpoints
-- all of them went through, and whether every raw record was read (the endpoint is known).
SELECT kind,
       error_code,
       count(*) AS calls,
       (SELECT count(DISTINCT vpc_endpoint_id) FROM tk_network) AS endpoints,
       bool_and(read_raw) AS read_raw
FROM tk_network
GROUP BY ALL
ORDER BY kind, error_code NULLS FIRST
