-- key / actor, notes: an EC2 instance's role credentials used from an address other than the instance's own. The
-- metadata service hands an instance its role's credentials under a session named by the instance id
-- (assumed-role/ROLE/i-...), a new key every few hours, and the instance calls AWS from its own public address (or its
-- NAT gateway's), or from a private one through a VPC endpoint. The instance's address is the public address that
-- used the most of the session's keys (then the most calls) in the week before the window's first call of it and in
-- the window: the instance uses every key it is given, someone who took one uses that one. Every other public address
-- of the window's calls is told, with how many of its keys the instance used too: GuardDuty's
-- InstanceCredentialExfiltration, from the trail alone. Private addresses (private-address.sql) are inside the VPC and
-- a service's name (a call made on the session's behalf) is no address (public-address.sql): neither is told, nor
-- chosen as the instance's.
WITH sessions AS MATERIALIZED (
    SELECT principal_arn, min(event_time) AS first_call, max(event_time) AS last_call
    FROM tk_scope
    WHERE identity_type = 'AssumedRole' AND event_time IS NOT NULL
      AND regexp_matches(principal_arn, ':assumed-role/[^/]+/i-[0-9a-f]{8}([0-9a-f]{9})?$')
    GROUP BY principal_arn
), public_calls AS MATERIALIZED (
    SELECT e.principal_arn, e.source_ip, e.access_key_id
    FROM events e JOIN sessions s ON e.principal_arn = s.principal_arn
    WHERE e.event_time >= s.first_call - INTERVAL 7 DAY AND e.event_time <= s.last_call
      AND {{public_address}}
), own AS (
    SELECT principal_arn, source_ip AS own_ip, count(DISTINCT access_key_id) AS own_keys, count(*) AS own_events,
           list(DISTINCT access_key_id) AS own_key_list
    FROM public_calls
    GROUP BY principal_arn, source_ip
    QUALIFY row_number() OVER (PARTITION BY principal_arn ORDER BY own_keys DESC, own_events DESC, source_ip) = 1
), inside AS (
    SELECT principal_arn, count(*) AS private_events
    FROM tk_scope
    WHERE principal_arn IN (SELECT principal_arn FROM sessions)
      AND {{private_address}}
    GROUP BY principal_arn
), elsewhere AS (
    SELECT t.principal_arn, t.source_ip,
           count(*) AS events,
           count(*) FILTER (WHERE t.error_code IS NOT NULL) AS errors,
           min(t.event_time) AS first_call,
           max(t.event_time) AS last_call,
           list_sort(list_distinct(list(t.aws_region))) AS regions,
           list_sort(list_distinct(list(t.access_key_id))) AS keys
    FROM tk_scope t JOIN own o ON t.principal_arn = o.principal_arn AND t.source_ip <> o.own_ip
    WHERE {{public_address}}
    GROUP BY t.principal_arn, t.source_ip
)
SELECT e.principal_arn, o.own_ip, o.own_keys, o.own_events, coalesce(i.private_events, 0) AS private_events,
       e.source_ip, e.events, e.errors, e.first_call, e.last_call, e.regions, len(e.keys) AS keys,
       len(list_intersect(e.keys, o.own_key_list)) AS shared_keys
FROM elsewhere e
JOIN own o ON e.principal_arn = o.principal_arn
LEFT JOIN inside i ON e.principal_arn = i.principal_arn
ORDER BY e.principal_arn, e.first_call, e.source_ip
