-- Fragment: --actor (a principal's text or ARN as person.sql matches it, as query --user and investigate actor do;
-- $person_text and $person_arn both '' when not given), --key (an access key id) and --ip (an address, or a glob as
-- a LIKE pattern: $ip_like; or an IPv4 CIDR block: its first and last address as numbers, $ip_first and $ip_last, the source IP's four numbers compared with
-- them as IpFilter.IN_RANGE does); an empty value or -1 means no filter. All must match.
(($person_text = '' AND $person_arn = '') OR {{person}})
AND ($key = '' OR access_key_id = $key)
AND ($ip_like = '' OR source_ip LIKE $ip_like ESCAPE '\')
AND ($ip_first < 0 OR (regexp_full_match(source_ip, '[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}\.[0-9]{1,3}')
    AND TRY_CAST(split_part(source_ip, '.', 1) AS BIGINT) * 16777216
        + TRY_CAST(split_part(source_ip, '.', 2) AS BIGINT) * 65536
        + TRY_CAST(split_part(source_ip, '.', 3) AS BIGINT) * 256
        + TRY_CAST(split_part(source_ip, '.', 4) AS BIGINT) BETWEEN $ip_first AND $ip_last))
