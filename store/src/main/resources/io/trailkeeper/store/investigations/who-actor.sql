-- Fragment: the events of every principal whose ARN, user name or session issuer contains the text, any case
-- ($like: the text as a LIKE pattern, '%text%').
(principal_arn ILIKE $like ESCAPE '\' OR user_name ILIKE $like ESCAPE '\' OR session_issuer_arn ILIKE $like ESCAPE '\')
