-- key, actor, timeline, who-deleted: how many of the events found (tk_scope) are network activity events (eventCategory
-- NetworkActivity: calls through a VPC endpoint, recorded in the endpoint owner's account), and how many of them the
-- endpoint's policy denied (VpceAccessDenied), for the answer's note: the same call can be recorded as a management
-- or data event too.
SELECT count(*) FILTER (WHERE event_category = 'NetworkActivity') AS network,
       count(*) FILTER (WHERE event_category = 'NetworkActivity' AND error_code = 'VpceAccessDenied') AS denied
FROM tk_scope
