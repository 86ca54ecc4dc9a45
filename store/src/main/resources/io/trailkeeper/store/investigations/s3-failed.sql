-- s3 / operations: the object calls that failed (an errorCode: AccessDenied, NoSuchKey...), per kind and error. A
-- failed call read, wrote or deleted nothing: the answer counts them apart from the calls that did.
SELECT kind,
       error_code,
       count(*) AS calls
FROM tk_scope
WHERE error_code IS NOT NULL
GROUP BY ALL
ORDER BY kind, calls DESC, error_code
