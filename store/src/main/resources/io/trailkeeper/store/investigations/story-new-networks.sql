-- key / actor, notes: the addresses of a network (network.sql) none of the subject's earlier calls came from, first
-- used a day or more after its first call: a leaked key used by someone else shows first as a new address beside the
-- owner's usual ones. Read from all the subject's calls in the window, not from the ips list, which holds the first
-- --limit addresses by calls (an attacker's few calls among many CI runners' addresses would fall off it, and an
-- address cut from it could make a later one of its network look new). Of addresses of one network first used at the
-- same time, the lowest is told, with the network's figures (all its addresses' calls).
-- The earlier calls are also those the store holds from the 90 days before the window: a key's ($earlier_key, the key
-- investigated), an actor's ($earlier_key '') those the actor's text or ARN matches as the window's are matched
-- ({{who}}: a role's sessions of any name, a session ARN's sessions of that name however often the role was assumed
-- again, each with a new key) and those of the principals (ARNs) its window's calls were made as: with --since at the
-- alert, the window holds the intruder's addresses only (a role's intruder session under a name of its own), and the
-- owner's usual network is before it.
-- earliest is the first call the addresses were judged against.
WITH before AS MATERIALIZED (
    SELECT source_ip, event_time
    FROM events
    WHERE (($earlier_key <> '' AND access_key_id = $earlier_key)
           OR ($earlier_key = '' AND ({{who}} OR principal_arn IN (SELECT DISTINCT principal_arn FROM tk_scope
                                                                    WHERE principal_arn IS NOT NULL))))
      AND source_ip IS NOT NULL AND event_time < $since AND event_time >= $since - INTERVAL 90 DAY
), known AS (
    SELECT DISTINCT {{network}} AS network FROM before
), first_seen AS (
    -- least passes over a NULL (no call before the window)
    SELECT least((SELECT min(event_time) FROM before), (SELECT min(event_time) FROM tk_scope)) AS t
), ips AS (
    SELECT source_ip,
           {{network}} AS network,
           count(*) AS events,
           count(*) FILTER (WHERE error_code IS NOT NULL) AS errors,
           list_distinct(list(aws_region)) AS regions,
           min(event_time) AS first_call
    FROM tk_scope
    WHERE source_ip IS NOT NULL
    GROUP BY source_ip
)
-- the figures are the network's, all its addresses' calls: told beside its first address alone, a VPS range's calls
-- from its other addresses (most of them, the error among them) were left out of the note
SELECT source_ip, network, count(*) OVER w AS addresses, sum(events) OVER w AS events, sum(errors) OVER w AS errors,
       list_sort(list_distinct(flatten(list(regions) OVER w))) AS regions, first_call,
       (SELECT t FROM first_seen) AS earliest
FROM ips
WHERE network IS NOT NULL AND network NOT IN (SELECT network FROM known WHERE network IS NOT NULL)
WINDOW w AS (PARTITION BY network)
QUALIFY row_number() OVER (PARTITION BY network ORDER BY first_call, source_ip) = 1
    AND first_call >= (SELECT t FROM first_seen) + INTERVAL 1 DAY
ORDER BY first_call, source_ip
