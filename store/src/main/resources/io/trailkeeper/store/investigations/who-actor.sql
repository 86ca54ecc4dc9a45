-- Fragment: the events of every principal whose ARN, user name, session issuer or source identity (the person behind
-- a session: sourceIdentity, else onBehalfOf.userId; schema 13) contains the text, any case ($lower: the text in lower
-- case; lower() and contains() cost a third of ILIKE over millions of rows).
(contains(lower(principal_arn), $lower) OR contains(lower(session_issuer_arn), $lower)
    OR contains(lower(user_name), $lower) OR contains(lower(source_identity), $lower))
