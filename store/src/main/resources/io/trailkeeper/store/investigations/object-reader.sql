-- Fragment (object-reads.sql and launches.sql, for key and actor): the reader a call is counted under: the subject,
-- one for all its calls and its sessions'.
CAST(NULL AS VARCHAR)
