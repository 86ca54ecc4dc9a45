-- Fragment: --actor (part of the principal's ARN, user name or session issuer, any case), --key (an access
-- key id) and --ip (an address or glob as a LIKE pattern); an empty value means no filter. All must match.
($actor_like = '' OR principal_arn ILIKE $actor_like ESCAPE '\' OR user_name ILIKE $actor_like ESCAPE '\'
    OR session_issuer_arn ILIKE $actor_like ESCAPE '\')
AND ($key = '' OR access_key_id = $key)
AND ($ip_like = '' OR source_ip LIKE $ip_like ESCAPE '\')
