-- Fragment: the event is a call of the ARN's own service ($name_source, iam.amazonaws.com for arn:aws:iam) in its
-- account ($name_account, when the ARN has one), so that a bare name (names-by-name.sql) matches only there: a
-- bucket, a user and a role may share a name, and an organisation trail holds every account's.
(event_source = $name_source AND ($name_account = '' OR recipient_account_id = $name_account))
