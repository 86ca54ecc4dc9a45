-- Fragment: a source IP's network: an IPv4 address's /24, an IPv6 address whole, NULL for what is not an address (the
-- name of an AWS service calling on a principal's behalf, AWS Internal). One rule for the sign-ins' networks
-- (logins-scope.sql) and a key's or principal's (story-new-networks.sql).
(CASE WHEN regexp_matches(source_ip, '^[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}$')
      THEN regexp_extract(source_ip, '^([0-9]+\.[0-9]+\.[0-9]+)\.', 1) || '.0/24'
      WHEN contains(source_ip, ':') THEN source_ip END)
