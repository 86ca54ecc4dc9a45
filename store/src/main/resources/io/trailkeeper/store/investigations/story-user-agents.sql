-- user_agents: the tools used, most calls first.
SELECT user_agent,
       count(*) AS events,
       count(DISTINCT source_ip) AS ips,
       min(event_time) AS first_call,
       max(event_time) AS last_call
FROM tk_scope
GROUP BY ALL
ORDER BY events DESC, user_agent
LIMIT $row_cap
