-- key / actor: the subject's calls and its sessions' (subject-calls.sql) made once, after the sessions are found
-- (tk_sessions and the sessions' bounds final), into tk_subject_calls: the created list, launches, keys made, object
-- reads and object changes all read them (subject-calls-made.sql), and each recomputed the union of an actor's 657
-- sessions' calls on its own.
CREATE OR REPLACE TEMP TABLE tk_subject_calls AS
SELECT * FROM {{subject_calls}} AS subject
