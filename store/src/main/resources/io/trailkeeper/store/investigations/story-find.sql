-- key, actor, first step: the subject's events in the window ({{who}}: one key, or the principals matching a
-- text), found with the few columns the test needs; scope-fetch.sql reads the rest for these rows only. They are
-- found testing every event (story-rows.sql) or, for a key in a store whose key postings cover its events, among the
-- rows posted under the key's hash (key-rows-posted.sql).
CREATE OR REPLACE TEMP TABLE tk_ids AS
{{story_rows}}
