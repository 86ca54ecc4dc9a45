-- Fragment: --actor (part of the principal's ARN, user name or session issuer, any case: $actor_lower, the text in
-- lower case), --key (an access key id) and --ip (an address, or a glob as a LIKE pattern); an empty value means
-- no filter. All must match.
($actor_lower = '' OR contains(lower(principal_arn), $actor_lower) OR contains(lower(session_issuer_arn), $actor_lower)
    OR contains(lower(user_name), $actor_lower))
AND ($key = '' OR access_key_id = $key)
AND ($ip_like = '' OR source_ip LIKE $ip_like ESCAPE '\')
