-- Fragment: a source IP inside a private network (10/8, 172.16/12, 192.168/16, 100.64/10, IPv6 fc00::/7): a call from
-- inside a VPC, or through a VPC endpoint. One rule for story-instance-credentials.sql's calls from inside and for
-- what public-address.sql leaves out.
regexp_matches(source_ip,
    '^(10\.|192\.168\.|172\.(1[6-9]|2[0-9]|3[01])\.|100\.(6[4-9]|[7-9][0-9]|1[01][0-9]|12[0-7])\.|f[cd])')
