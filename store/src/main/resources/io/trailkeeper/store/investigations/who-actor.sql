-- Fragment: the events of every principal whose ARN, user name or session issuer contains the text, any case
-- ($lower: the text in lower case; lower() and contains() cost a third of ILIKE over millions of rows).
(contains(lower(principal_arn), $lower) OR contains(lower(session_issuer_arn), $lower)
    OR contains(lower(user_name), $lower))
