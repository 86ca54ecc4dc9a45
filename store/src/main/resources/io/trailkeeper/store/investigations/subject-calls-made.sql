-- Fragment (in place of subject-calls.sql once subject-calls-table.sql made it): the subject's calls and its sessions'.
SELECT * FROM tk_subject_calls
