-- who-deleted / by_result: how many of the calls succeeded, and how many failed with which error.
SELECT coalesce(error_code, 'success') AS result,
       count(*) AS calls,
       min(event_time) AS first_call,
       max(event_time) AS last_call
FROM tk_scope
GROUP BY ALL
ORDER BY calls DESC, result
