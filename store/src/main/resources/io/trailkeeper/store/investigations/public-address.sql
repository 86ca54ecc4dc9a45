-- Fragment: a source IP that is a public address: IPv4 in dotted form or IPv6, not private (private-address.sql); a
-- service's name (a call made on a principal's behalf) and AWS Internal are no address. One rule for the addresses
-- story-instance-credentials.sql weighs, the week before the window and in it.
((regexp_matches(source_ip, '^[0-9]{1,3}(\.[0-9]{1,3}){3}$') OR contains(source_ip, ':')) AND NOT {{private_address}})
