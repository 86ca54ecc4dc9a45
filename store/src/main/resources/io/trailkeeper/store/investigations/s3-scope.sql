-- s3: the bucket's object calls in the window, with --actor/--ip applied and only the columns the s3 sections read,
-- each with an id of its own (call_id: its raw record's place in the store, its negative row id in the lake). They
-- come from the store's list of object calls (s3-calls-listed.sql), or from the events of a store from before the
-- list (s3-calls-scan.sql). Each call's kind, as the sections count them: delete (Delete*), read (readOnly) or write.
CREATE OR REPLACE TEMP TABLE tk_scope AS
SELECT *, CASE WHEN starts_with(event_name, 'Delete') THEN 'delete' WHEN read_only THEN 'read' ELSE 'write' END AS kind
FROM {{s3_calls}}
