# actor, first pass: the session keys found in every share, as one array (passed to actor.jq as $first).
unique
